// Progress reporting and cancellation for the guesser: a callback with a fraction in [0, 1] and a
// short stage name, and a flag checked between steps (Cancelled is thrown when it is set).
// Both optional; the GUI forwards them to a worker, the CLI leaves them empty.
#pragma once

#include "core/error.hpp"

#include <atomic>
#include <functional>
#include <string>

namespace phaselab {

using GuessProgress = std::function<void(double fraction, const std::string& stage)>;

struct GuessControl {
    GuessProgress progress;
    const std::atomic<bool>* cancel = nullptr;

    void report(double fraction, const std::string& stage) const
    {
        if (progress)
            progress(fraction, stage);
    }
    void checkCancelled() const
    {
        if (cancel && cancel->load(std::memory_order_relaxed))
            throw Cancelled();
    }
};

} // namespace phaselab
