// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/atomic_file.hpp"

#include "core/base/error.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <random>

#include <csignal>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace phaselab {
namespace {

std::string inQuotes(const std::string& path)
{
    return "'" + path + "'";
}

std::string systemMessage(int error)
{
    return std::strerror(error);
}

std::string folderOf(const std::string& path)
{
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    return parent.empty() ? std::string(".") : parent.string();
}

std::string randomSuffix()
{
    static std::atomic<unsigned> counter{0};
    static const unsigned seed = std::random_device{}();
    std::uint64_t state = seed ^ (static_cast<std::uint64_t>(::getpid()) << 20) ^ counter.fetch_add(1)
                          ^ static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string suffix;
    for (int i = 0; i < 6; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        suffix += alphabet[(state >> 33) % 36];
    }
    return suffix;
}

// Temporary files still open, for the signal handler: fixed slots (no allocation in the handler);
// state 0 free, 1 being filled, 2 ready to be removed.
constexpr int kSignalSlots = 64;
constexpr std::size_t kSignalPathBytes = 4096;
struct SignalSlot {
    std::atomic<int> state{0};
    char path[kSignalPathBytes];
};
SignalSlot signalSlots[kSignalSlots];

int registerTemporary(const std::string& path)
{
    if (path.size() >= kSignalPathBytes)
        return -1;
    for (int i = 0; i < kSignalSlots; ++i) {
        int expected = 0;
        if (signalSlots[i].state.compare_exchange_strong(expected, 1)) {
            std::memcpy(signalSlots[i].path, path.c_str(), path.size() + 1);
            signalSlots[i].state.store(2);
            return i;
        }
    }
    return -1;
}

void unregisterTemporary(int& slot) noexcept
{
    if (slot >= 0)
        signalSlots[slot].state.store(0);
    slot = -1;
}

extern "C" void removeTemporariesAndRaise(int signal)
{
    for (auto& slot : signalSlots)
        if (slot.state.load() == 2)
            ::unlink(slot.path);
    // SA_RESETHAND restored the default action: end the process as the signal would have.
    ::raise(signal);
}

} // namespace

void removeTemporaryFilesOnSignals()
{
    static std::atomic<bool> installed{false};
    if (installed.exchange(true))
        return;
    struct sigaction action {};
    action.sa_handler = removeTemporariesAndRaise;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    for (int signal : {SIGINT, SIGTERM, SIGHUP})
        ::sigaction(signal, &action, nullptr);
}

AtomicFile::AtomicFile(std::string path) : path_(std::move(path))
{
    if (path_.empty())
        throw InputError("the output path is empty");
    struct stat status {};
    if (::stat(path_.c_str(), &status) == 0 && S_ISDIR(status.st_mode))
        throw IoError("cannot write " + inQuotes(path_) + ": it is a directory; give a file name");
    const std::string folder = folderOf(path_);
    if (::stat(folder.c_str(), &status) != 0) {
        const int error = errno;
        if (error == ENOENT || error == ENOTDIR)
            throw IoError("cannot write " + inQuotes(path_) + ": folder " + inQuotes(folder)
                          + " does not exist; create it first");
        throw IoError("cannot write " + inQuotes(path_) + ": " + systemMessage(error));
    }
    if (!S_ISDIR(status.st_mode))
        throw IoError("cannot write " + inQuotes(path_) + ": " + inQuotes(folder) + " is not a folder");
    for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
        temporaryPath_ = path_ + ".tmp-" + randomSuffix();
        fd_ = ::open(temporaryPath_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd_ < 0 && errno != EEXIST) {
            const int error = errno;
            if (error == EACCES || error == EPERM || error == EROFS)
                throw IoError("cannot write " + inQuotes(path_) + ": no permission to create files in folder "
                              + inQuotes(folder));
            throw IoError("cannot write " + inQuotes(path_) + ": " + systemMessage(error));
        }
    }
    if (fd_ < 0)
        throw IoError("cannot write " + inQuotes(path_) + ": could not create a temporary file beside it");
    signalSlot_ = registerTemporary(temporaryPath_);
}

AtomicFile::~AtomicFile()
{
    discard();
}

void AtomicFile::write(const void* data, std::size_t size)
{
    writeLoop(data, size, -1);
}

void AtomicFile::writeAt(std::int64_t offset, const void* data, std::size_t size)
{
    writeLoop(data, size, offset);
}

void AtomicFile::writeLoop(const void* data, std::size_t size, std::int64_t offset)
{
    if (done_ || fd_ < 0)
        throw IoError("internal: write to " + inQuotes(path_) + " after it was closed");
    const char* bytes = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t written = offset < 0 ? ::write(fd_, bytes, size) : ::pwrite(fd_, bytes, size, static_cast<off_t>(offset));
        if (written < 0) {
            if (errno == EINTR)
                continue;
            const int error = errno;
            discard();
            if (error == ENOSPC || error == EDQUOT)
                throw IoError("cannot write " + inQuotes(path_) + ": the disk is full; free space or write elsewhere");
            throw IoError("cannot write " + inQuotes(path_) + ": " + systemMessage(error));
        }
        bytes += written;
        if (offset >= 0)
            offset += written;
        size -= static_cast<std::size_t>(written);
    }
}

void AtomicFile::commit()
{
    if (done_)
        throw IoError("internal: " + inQuotes(path_) + " was already committed or discarded");
    if (::fsync(fd_) != 0 && errno != EINVAL && errno != EROFS) {
        const int error = errno;
        discard();
        throw IoError("cannot write " + inQuotes(path_) + ": " + systemMessage(error));
    }
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) {
        const int error = errno;
        discard();
        throw IoError("cannot write " + inQuotes(path_) + ": " + systemMessage(error));
    }
    if (::rename(temporaryPath_.c_str(), path_.c_str()) != 0) {
        const int error = errno;
        discard();
        throw IoError("cannot write " + inQuotes(path_) + ": " + systemMessage(error));
    }
    done_ = true;
    unregisterTemporary(signalSlot_);
    // Make the rename itself durable (best effort: some file systems refuse fsync on folders).
    const int folder = ::open(folderOf(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (folder >= 0) {
        (void)::fsync(folder);
        ::close(folder);
    }
}

void AtomicFile::discard() noexcept
{
    if (done_)
        return;
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    if (!temporaryPath_.empty())
        ::unlink(temporaryPath_.c_str());
    unregisterTemporary(signalSlot_);
    done_ = true;
}

bool sameFile(const std::string& a, const std::string& b)
{
    if (a.empty() || b.empty())
        return false;
    struct stat first {}, second {};
    if (::stat(a.c_str(), &first) == 0 && ::stat(b.c_str(), &second) == 0)
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino;
    std::error_code error;
    const auto normalA = std::filesystem::weakly_canonical(std::filesystem::absolute(a, error), error);
    const auto normalB = std::filesystem::weakly_canonical(std::filesystem::absolute(b, error), error);
    return normalA.lexically_normal() == normalB.lexically_normal();
}

void refuseOverwritingInput(const std::string& output, std::initializer_list<std::string> inputs)
{
    for (const std::string& input : inputs)
        if (!input.empty() && sameFile(output, input))
            throw InputError("output " + inQuotes(output) + " is the input file " + inQuotes(input)
                             + ": choose another output path");
}

void requireReadableFile(const std::string& path, const std::string& what)
{
    if (path.empty())
        throw InputError("no " + what + " given");
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) {
        const int error = errno;
        if (error == ENOENT || error == ENOTDIR)
            throw InputError(what + " " + inQuotes(path) + " does not exist");
        if (error == EACCES)
            throw InputError(what + " " + inQuotes(path) + " cannot be read: permission denied");
        throw InputError(what + " " + inQuotes(path) + " cannot be read: " + systemMessage(error));
    }
    if (S_ISDIR(status.st_mode))
        throw InputError(what + " " + inQuotes(path) + " is a directory, not a file");
    if (!S_ISREG(status.st_mode))
        throw InputError(what + " " + inQuotes(path) + " is not a regular file (a FIFO, device or socket)");
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        const int error = errno;
        if (error == EACCES || error == EPERM)
            throw InputError(what + " " + inQuotes(path) + " cannot be read: permission denied");
        throw InputError(what + " " + inQuotes(path) + " cannot be read: " + systemMessage(error));
    }
    ::close(fd);
}

std::int64_t fileSize(const std::string& path)
{
    requireReadableFile(path);
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0)
        throw IoError("cannot read " + inQuotes(path) + ": " + systemMessage(errno));
    return static_cast<std::int64_t>(status.st_size);
}

} // namespace phaselab
