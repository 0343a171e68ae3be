// SPDX-License-Identifier: GPL-3.0-or-later
// Memory budgets: what a command will allocate, computed from sizes before anything is allocated,
// checked against a limit (default: half the physical memory; phaselab-cli --memory-limit).
// Units: bytes. Sizes in text: a number with an optional suffix K, M, G, T (powers of 1024; a
// trailing "B" or "iB" is accepted, e.g. 512M, 2G, 1.5GiB, 1048576).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace phaselab {

/// Physical memory of the machine (sysconf), or 0 when it cannot be told.
std::int64_t physicalMemoryBytes();
/// Half the physical memory (8 GiB when the machine does not say).
std::int64_t defaultMemoryLimit();

/// "512M" -> 536870912. InputError (naming --memory-limit) for anything else, zero or negative.
std::int64_t parseByteSize(const std::string& text);
/// Human figure with one decimal, powers of 1024: "1.5 GiB", "512.0 MiB", "900 bytes".
std::string formatByteSize(std::int64_t bytes);
/// The smallest whole --memory-limit value in M or G that holds `bytes`, e.g. "12G", "700M".
std::string suggestedMemoryLimit(std::int64_t bytes);

/// Bytes of `count` values of `valueBytes` each, saturating at INT64_MAX instead of overflowing.
std::int64_t bytesOf(std::int64_t count, std::int64_t valueBytes);

/// A list of named allocations, summed with saturation.
class MemoryEstimate {
public:
    MemoryEstimate& add(std::string what, std::int64_t bytes);
    std::int64_t total() const;
    /// "signal 600.0 MiB, spectrogram 2.4 GiB" (the largest parts first, at most four).
    std::string describe() const;
    const std::vector<std::pair<std::string, std::int64_t>>& parts() const { return parts_; }

private:
    std::vector<std::pair<std::string, std::int64_t>> parts_;
};

/// Throws InputError when estimate.total() > limit:
/// "<task> needs about 3.2 GiB (spectrogram 2.4 GiB, ...) but the memory limit is 1.0 GiB: give
///  --memory-limit 4G, or <advice>". limit <= 0 means no limit.
void requireWithinMemoryLimit(const MemoryEstimate& estimate, std::int64_t limit, const std::string& task,
                              const std::string& advice);

} // namespace phaselab
