// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/base/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>

namespace phaselab {

int hardwareThreadCount()
{
    return std::max(1u, std::thread::hardware_concurrency());
}

namespace {
std::atomic<int> defaultThreads{0};
}

void setDefaultThreadCount(int threadCount)
{
    defaultThreads.store(std::max(0, threadCount));
}

int defaultThreadCount()
{
    const int chosen = defaultThreads.load();
    return chosen > 0 ? chosen : hardwareThreadCount();
}

WorkerPool::WorkerPool(int threadCount)
    : threadCount_(threadCount > 0 ? threadCount : defaultThreadCount())
{
    errors_.resize(static_cast<std::size_t>(threadCount_));
    for (int worker = 1; worker < threadCount_; ++worker)
        workers_.emplace_back([this, worker] { workerLoop(worker); });
}

WorkerPool::~WorkerPool()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& worker : workers_)
        worker.join();
}

std::size_t WorkerPool::blockStart(std::size_t count, int blocks, int blockIndex)
{
    return count * static_cast<std::size_t>(blockIndex) / static_cast<std::size_t>(blocks);
}

void WorkerPool::forEachBlock(std::size_t count,
                              const std::function<void(int, std::size_t, std::size_t)>& body)
{
    if (threadCount_ == 1 || count < 2) {
        body(0, 0, count);
        for (int block = 1; block < threadCount_; ++block)
            body(block, count, count);
        return;
    }
    {
        std::lock_guard lock(mutex_);
        job_ = &body;
        jobCount_ = count;
        pending_ = threadCount_ - 1;
        std::fill(errors_.begin(), errors_.end(), nullptr);
        ++generation_;
    }
    wake_.notify_all();
    try {
        body(0, blockStart(count, threadCount_, 0), blockStart(count, threadCount_, 1));
    } catch (...) {
        errors_[0] = std::current_exception();
    }
    std::unique_lock lock(mutex_);
    done_.wait(lock, [this] { return pending_ == 0; });
    job_ = nullptr;
    for (auto& error : errors_)
        if (error)
            std::rethrow_exception(error);
}

void WorkerPool::workerLoop(int workerIndex)
{
    std::size_t seenGeneration = 0;
    for (;;) {
        const std::function<void(int, std::size_t, std::size_t)>* job;
        std::size_t count;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || generation_ != seenGeneration; });
            if (stopping_)
                return;
            seenGeneration = generation_;
            job = job_;
            count = jobCount_;
        }
        try {
            (*job)(workerIndex, blockStart(count, threadCount_, workerIndex),
                   blockStart(count, threadCount_, workerIndex + 1));
        } catch (...) {
            errors_[static_cast<std::size_t>(workerIndex)] = std::current_exception();
        }
        {
            std::lock_guard lock(mutex_);
            --pending_;
        }
        done_.notify_one();
    }
}

} // namespace phaselab
