// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/file_bytes.hpp"

#include "core/base/error.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace phaselab {
namespace {

class Descriptor {
public:
    explicit Descriptor(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK))
    {
        if (fd_ < 0)
            throw IoError("cannot read '" + path + "': " + std::strerror(errno));
    }
    ~Descriptor() { ::close(fd_); }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

// Reads exactly `size` bytes at `offset` unless the file ends; returns the count read.
std::size_t readAt(int fd, unsigned char* buffer, std::size_t size, std::int64_t offset, const std::string& path)
{
    std::size_t done = 0;
    while (done < size) {
        const ssize_t got = ::pread(fd, buffer + done, size - done, static_cast<off_t>(offset + static_cast<std::int64_t>(done)));
        if (got < 0) {
            if (errno == EINTR)
                continue;
            throw IoError("cannot read '" + path + "': " + std::strerror(errno));
        }
        if (got == 0)
            break;
        done += static_cast<std::size_t>(got);
    }
    return done;
}

} // namespace

std::vector<unsigned char> readFilePrefix(const std::string& path, std::size_t maxBytes)
{
    Descriptor fd(path);
    std::vector<unsigned char> bytes(maxBytes);
    bytes.resize(readAt(fd.get(), bytes.data(), maxBytes, 0, path));
    return bytes;
}

void readFileChunks(const std::string& path, std::int64_t offset, std::int64_t count, std::size_t chunkBytes,
                    const std::function<void(const unsigned char*, std::size_t, std::int64_t)>& consume)
{
    if (offset < 0 || count < 0 || chunkBytes == 0)
        throw IoError("internal: bad read range for '" + path + "'");
    Descriptor fd(path);
    std::vector<unsigned char> buffer(static_cast<std::size_t>(std::min<std::int64_t>(count, static_cast<std::int64_t>(chunkBytes))));
    std::int64_t position = 0;
    while (position < count) {
        const std::size_t want = static_cast<std::size_t>(std::min<std::int64_t>(count - position, static_cast<std::int64_t>(buffer.size())));
        const std::size_t got = readAt(fd.get(), buffer.data(), want, offset + position, path);
        if (got < want)
            throw IoError("cannot read '" + path + "': the file ended early (it changed while being read?)");
        consume(buffer.data(), got, position);
        position += static_cast<std::int64_t>(got);
    }
}

} // namespace phaselab
