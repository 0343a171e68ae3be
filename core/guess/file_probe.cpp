// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/file_probe.hpp"

#include "core/base/error.hpp"
#include "core/io/csv.hpp"
#include "core/io/file_bytes.hpp"
#include "core/io/mat.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>

namespace phaselab {

FileProbe probeFile(const std::string& path)
{
    FileProbe probe;
    probe.path = path;
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (error || !std::filesystem::exists(status))
        throw InputError("'" + path + "' does not exist");
    if (!std::filesystem::is_regular_file(status))
        throw InputError("'" + path + "' is not a regular file");
    const auto size = std::filesystem::file_size(path, error);
    if (error)
        throw IoError("cannot read the size of '" + path + "'");
    probe.size = static_cast<std::int64_t>(size);
    if (probe.size == 0)
        throw InputError("'" + path + "' is empty");
    probe.head = readFilePrefix(path, 64 * 1024);

    const auto startsWith = [&](const char* magic) {
        const std::size_t n = std::strlen(magic);
        return probe.head.size() >= n && std::memcmp(probe.head.data(), magic, n) == 0;
    };
    if (startsWith("RIFF") || startsWith("fLaC") || startsWith("OggS") || startsWith("FORM") || startsWith("RF64"))
        throw InputError("'" + path + "' is an audio file, not a spectrogram: open it as audio (`audio_file`)");
    static const unsigned char npyMagic[] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
    if (probe.head.size() >= sizeof npyMagic && std::memcmp(probe.head.data(), npyMagic, sizeof npyMagic) == 0) {
        probe.container = Container::Npy;
        probe.npy = parseNpyHeader(probe.head, probe.size, path);
    } else if (looksLikeMatFile(probe.head)) {
        probe.container = Container::Mat;
    } else if (looksLikeNumericText(probe.head)) {
        probe.container = Container::Csv;
    }
    return probe;
}

std::int64_t commonPrefixBytes(const FileProbe& a, const FileProbe& b)
{
    const std::size_t limit = std::min(a.head.size(), b.head.size());
    std::size_t n = 0;
    while (n < limit && a.head[n] == b.head[n])
        ++n;
    return static_cast<std::int64_t>(n);
}

} // namespace phaselab
