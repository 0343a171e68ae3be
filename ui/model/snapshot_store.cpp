// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/model/snapshot_store.hpp"

#include <algorithm>

namespace phaselab::ui {

std::size_t SnapshotStore::bytesOf(const Analysis& analysis)
{
    std::size_t bytes = sizeof(Analysis);
    if (analysis.signal)
        bytes += analysis.signal->samples.size() * sizeof(float);
    bytes += analysis.spectrogram.coefficients.values.size() * sizeof(std::complex<float>);
    if (analysis.waveform)
        bytes += (analysis.waveform->minimum.size() + analysis.waveform->maximum.size()) * sizeof(float);
    return bytes;
}

void SnapshotStore::insert(int runId, int iteration, std::shared_ptr<const Analysis> snapshot)
{
    if (!snapshot)
        return;
    const auto existing = std::find_if(entries_.begin(), entries_.end(),
                                       [&](const Entry& e) { return e.runId == runId && e.iteration == iteration; });
    if (existing != entries_.end()) {
        bytes_ -= existing->bytes;
        entries_.erase(existing);
    }
    const std::size_t size = bytesOf(*snapshot);
    if (size > budget_)
        return;
    entries_.push_front({runId, iteration, std::move(snapshot), size});
    bytes_ += size;
    evict();
}

std::shared_ptr<const Analysis> SnapshotStore::find(int runId, int iteration)
{
    const auto it = std::find_if(entries_.begin(), entries_.end(),
                                 [&](const Entry& e) { return e.runId == runId && e.iteration == iteration; });
    if (it == entries_.end())
        return nullptr;
    entries_.splice(entries_.begin(), entries_, it);
    return entries_.front().snapshot;
}

bool SnapshotStore::contains(int runId, int iteration) const
{
    return std::any_of(entries_.begin(), entries_.end(),
                       [&](const Entry& e) { return e.runId == runId && e.iteration == iteration; });
}

void SnapshotStore::removeRun(int runId)
{
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (it->runId == runId) {
            bytes_ -= it->bytes;
            it = entries_.erase(it);
        } else {
            ++it;
        }
    }
}

void SnapshotStore::clear()
{
    entries_.clear();
    bytes_ = 0;
}

void SnapshotStore::setBudget(std::size_t bytes)
{
    budget_ = bytes;
    evict();
}

void SnapshotStore::evict()
{
    while (bytes_ > budget_ && !entries_.empty()) {
        bytes_ -= entries_.back().bytes;
        entries_.pop_back();
    }
}

} // namespace phaselab::ui
