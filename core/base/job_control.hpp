// SPDX-License-Identifier: GPL-3.0-or-later
// Progress reporting and cancellation for long engine jobs (reading audio, the STFT, the guesser):
// a callback with a fraction in [0, 1] of the current stage and the stage's short name, and a flag
// checked between steps (Cancelled is thrown when it is set). Both optional; the GUI forwards them
// to a worker, the CLI leaves them empty. The callback runs on the thread that called the job.
#pragma once

#include "core/base/error.hpp"

#include <atomic>
#include <functional>
#include <string>

namespace phaselab {

using JobProgress = std::function<void(double fraction, const std::string& stage)>;

struct JobControl {
    JobProgress progress;
    const std::atomic<bool>* cancel = nullptr;

    void report(double fraction, const std::string& stage) const
    {
        if (progress)
            progress(fraction, stage);
    }
    bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
    void checkCancelled() const
    {
        if (cancelled())
            throw Cancelled();
    }
};

} // namespace phaselab
