// SPDX-License-Identifier: GPL-3.0-or-later
// The reconstructions at earlier iterations that the scrub slider has asked for, kept within a
// memory budget (default 256 MB, counted as the bytes of each snapshot's signal, STFT and waveform
// summary); the least recently used snapshot goes first when the budget is exceeded. A run's final
// reconstruction is owned by the run, not stored here.
#pragma once

#include "ui/model/analysis.hpp"

#include <cstddef>
#include <list>
#include <memory>

namespace phaselab::ui {

class SnapshotStore {
public:
    static constexpr std::size_t kDefaultBudgetBytes = std::size_t(256) << 20;

    explicit SnapshotStore(std::size_t budgetBytes = kDefaultBudgetBytes) : budget_(budgetBytes) {}

    /// Stores (or replaces) a snapshot; evicts the least recently used ones beyond the budget.
    /// A snapshot larger than the whole budget is not kept.
    void insert(int runId, int iteration, std::shared_ptr<const Analysis> snapshot);
    /// The snapshot, or null; a hit becomes the most recently used.
    std::shared_ptr<const Analysis> find(int runId, int iteration);
    bool contains(int runId, int iteration) const;
    void removeRun(int runId);
    void clear();

    void setBudget(std::size_t bytes);
    std::size_t budget() const { return budget_; }
    std::size_t bytes() const { return bytes_; }
    int count() const { return static_cast<int>(entries_.size()); }

    /// What one snapshot costs.
    static std::size_t bytesOf(const Analysis& analysis);

private:
    struct Entry {
        int runId;
        int iteration;
        std::shared_ptr<const Analysis> snapshot;
        std::size_t bytes;
    };
    void evict();

    std::list<Entry> entries_; ///< most recently used first
    std::size_t budget_;
    std::size_t bytes_ = 0;
};

} // namespace phaselab::ui
