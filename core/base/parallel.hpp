// SPDX-License-Identifier: GPL-3.0-or-later
// One small pool of worker threads that splits index ranges (frames, samples) into contiguous
// blocks. Deterministic: block boundaries depend only on the count and the thread count, so a
// reduction that sums per-block partials in block order gives the same result on every run.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace phaselab {

/// Number of hardware threads (at least 1).
int hardwareThreadCount();
/// Threads of a WorkerPool made with threadCount <= 0: the process-wide choice (phaselab
/// --threads), or all hardware threads when none was made (threadCount <= 0).
void setDefaultThreadCount(int threadCount);
int defaultThreadCount();

class WorkerPool {
public:
    /// threadCount <= 0 means defaultThreadCount(). The calling thread does block 0's work.
    explicit WorkerPool(int threadCount = 0);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    int threadCount() const { return threadCount_; }

    /// Calls body(blockIndex, begin, end) for threadCount() contiguous blocks covering [0, count),
    /// each on its own thread, and returns when all are done. Blocks may be empty.
    /// An exception thrown by a block is rethrown here (the first one, by block order).
    void forEachBlock(std::size_t count,
                      const std::function<void(int blockIndex, std::size_t begin, std::size_t end)>& body);

    /// Start of block `blockIndex` when [0, count) is split into `blocks` parts.
    static std::size_t blockStart(std::size_t count, int blocks, int blockIndex);

private:
    void workerLoop(int workerIndex);

    int threadCount_;
    std::vector<std::thread> workers_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable done_;
    const std::function<void(int, std::size_t, std::size_t)>* job_ = nullptr;
    std::size_t jobCount_ = 0;
    std::size_t generation_ = 0;
    int pending_ = 0;
    bool stopping_ = false;
    std::vector<std::exception_ptr> errors_;
};

} // namespace phaselab
