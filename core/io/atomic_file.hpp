// SPDX-License-Identifier: GPL-3.0-or-later
// Atomic file output: every writer writes to a temporary file next to the target
// (`<path>.tmp-XXXXXX`, same folder so the rename stays on one file system), flushes it to disk and
// renames it over the target only on commit(); a writer that fails or is destroyed before commit()
// leaves nothing behind. POSIX only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>

namespace phaselab {

class AtomicFile {
public:
    /// Creates the temporary file. Throws IoError when the target's folder is missing, is not a
    /// folder, or is not writable, or when the target itself is a directory.
    explicit AtomicFile(std::string path);
    ~AtomicFile(); ///< removes the temporary file unless committed
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    const std::string& path() const { return path_; }
    const std::string& temporaryPath() const { return temporaryPath_; }
    /// The open descriptor of the temporary file (for libraries that write through a descriptor).
    int descriptor() const { return fd_; }

    /// Appends bytes; throws IoError (disk full, I/O error) naming the target.
    void write(const void* data, std::size_t size);
    /// Writes bytes at `offset` of the temporary file (pwrite; the file grows as needed, holes
    /// read as zeros), for writers that fill a file out of order. Throws like write().
    void writeAt(std::int64_t offset, const void* data, std::size_t size);
    /// fsync, close and rename over the target. Throws IoError; the temporary is removed on failure.
    void commit();
    /// Removes the temporary file now (idempotent).
    void discard() noexcept;

private:
    void writeLoop(const void* data, std::size_t size, std::int64_t offset); ///< offset < 0: at the end

    std::string path_;
    std::string temporaryPath_;
    int fd_ = -1;
    bool done_ = false;
    int signalSlot_ = -1; ///< entry in the list removeTemporaryFilesOnSignals() cleans up
};

/// Installs handlers for SIGINT, SIGTERM and SIGHUP that remove every AtomicFile's temporary file
/// still open (not committed) and then end the process as the signal would have: an interrupted
/// command leaves nothing behind. Idempotent; for command-line programs (the workbench cancels
/// its own work instead).
void removeTemporaryFilesOnSignals();

/// True when both paths name the same existing file (same device and inode), or, when either does
/// not exist, the same normalised absolute path.
bool sameFile(const std::string& a, const std::string& b);

/// Throws InputError when `output` names one of the `inputs` (empty input strings are ignored):
/// "output 'x' is the input file 'y': choose another output path".
void refuseOverwritingInput(const std::string& output, std::initializer_list<std::string> inputs);

/// Throws InputError unless `path` names an existing regular file that can be opened for reading
/// (messages: does not exist / is a directory / is not a regular file / permission denied).
/// `what` names the role in the message, e.g. "magnitude file".
void requireReadableFile(const std::string& path, const std::string& what = "input file");

/// Size in bytes of a regular file (after requireReadableFile's checks).
std::int64_t fileSize(const std::string& path);

} // namespace phaselab
