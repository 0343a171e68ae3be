// SPDX-License-Identifier: GPL-3.0-or-later
// The malformed files of the bad-input matrix, shared by the phaselab-cli matrix
// (test_bad_inputs) and the workbench's open and import paths (test_gui_bad_inputs): empty, one
// byte, truncated or lying .npy headers, NaN/Inf values, a WAV header on garbage, non-numeric and
// ragged CSV, a FIFO, an unreadable file, a directory, and a few good files to pair them with.
#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QMap>
#include <QString>

#include <sys/stat.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace bad_inputs {

inline QByteArray npyBytes(const QByteArray& descr, const QByteArray& shape, const QByteArray& body,
                    const QByteArray& fortran = "False", int version = 1)
{
    QByteArray header = "{'descr': '" + descr + "', 'fortran_order': " + fortran + ", 'shape': " + shape + ", }";
    const int prefix = version == 1 ? 10 : 12;
    while ((prefix + header.size() + 1) % 64 != 0)
        header.append(' ');
    header.append('\n');
    QByteArray bytes("\x93NUMPY", 6);
    bytes.append(static_cast<char>(version));
    bytes.append('\0');
    const quint32 length = static_cast<quint32>(header.size());
    bytes.append(static_cast<char>(length & 0xff));
    bytes.append(static_cast<char>((length >> 8) & 0xff));
    if (version != 1) {
        bytes.append(static_cast<char>((length >> 16) & 0xff));
        bytes.append(static_cast<char>((length >> 24) & 0xff));
    }
    return bytes + header + body;
}

inline QByteArray floats(int count, float value = 0.5f)
{
    QByteArray body(count * 4, '\0');
    for (int i = 0; i < count; ++i)
        std::memcpy(body.data() + 4 * i, &value, 4);
    return body;
}

inline QByteArray floatsWith(int count, int badIndex, float bad)
{
    QByteArray body = floats(count);
    std::memcpy(body.data() + 4 * badIndex, &bad, 4);
    return body;
}

/// A 32-bit float mono WAV (IEEE float, format 3) with the given samples.
inline QByteArray floatWav(const std::vector<float>& samples, int sampleRate = 8000)
{
    auto le32 = [](quint32 v) { QByteArray b(4, '\0'); for (int i = 0; i < 4; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xff); return b; };
    auto le16 = [](quint16 v) { QByteArray b(2, '\0'); b[0] = static_cast<char>(v & 0xff); b[1] = static_cast<char>(v >> 8); return b; };
    const quint32 dataBytes = static_cast<quint32>(samples.size() * 4);
    QByteArray wav = "RIFF" + le32(36 + dataBytes) + "WAVE";
    wav += "fmt " + le32(16) + le16(3) + le16(1) + le32(static_cast<quint32>(sampleRate)) +
           le32(static_cast<quint32>(sampleRate * 4)) + le16(4) + le16(32);
    wav += "data" + le32(dataBytes);
    wav.append(reinterpret_cast<const char*>(samples.data()), static_cast<qsizetype>(dataBytes));
    return wav;
}

inline std::vector<float> tone(int count)
{
    std::vector<float> samples(static_cast<std::size_t>(count));
    for (int n = 0; n < count; ++n)
        samples[static_cast<std::size_t>(n)] = 0.5f * std::sin(0.05f * n);
    return samples;
}

inline bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

/// Writes every file into `folder` (which must exist); false when one could not be made.
inline bool writeAll(const QString& folder)
{
    bool ok = QDir().mkpath(folder + "/a_directory");
    const auto write = [&](const QString& name, const QByteArray& bytes) { ok = writeFile(folder + "/" + name, bytes) && ok; };
    write("empty.bin", {});
    write("one_byte.bin", "x");
    write("good.wav", floatWav(tone(16000)));
    write("garbage.wav", floatWav({}).left(44) + QByteArray(5000, '\x7f'));
    write("nan.wav", floatWav([] { auto s = tone(8000); s[4000] = std::numeric_limits<float>::quiet_NaN(); return s; }()));
    write("inf.wav", floatWav([] { auto s = tone(8000); s[10] = std::numeric_limits<float>::infinity(); return s; }()));
    write("mag.npy", npyBytes("<f4", "(129, 20)", floats(129 * 20)));
    write("phase.npy", npyBytes("<f4", "(129, 20)", floats(129 * 20, 0.1f)));
    write("phase_other_shape.npy", npyBytes("<f4", "(129, 21)", floats(129 * 21, 0.1f)));
    write("truncated.npy", npyBytes("<f4", "(129, 20)", floats(129 * 20)).left(500));
    write("huge_claim.npy", npyBytes("<f4", "(1000000, 1000000)", floats(16)));
    write("overflow_claim.npy", npyBytes("<f8", "(4611686018427387904, 8)", floats(16)));
    write("negative_shape.npy", npyBytes("<f4", "(-129, 20)", floats(129 * 20)));
    QByteArray badLength = npyBytes("<f4", "(2, 2)", floats(4));
    badLength[8] = '\xff';
    badLength[9] = '\xff';
    write("bad_header_length.npy", badLength);
    QByteArray v2overflow = npyBytes("<f4", "(2, 2)", floats(4), "False", 2);
    v2overflow[11] = '\xff'; // header length ~4 GiB
    write("overflow_header_length.npy", v2overflow);
    write("lying_fortran.npy", npyBytes("<f4", "(129, 20)", floats(129 * 20), "'maybe'"));
    write("bad_dtype.npy", npyBytes("<U7", "(129, 20)", floats(129 * 20)));
    write("nan_mag.npy", npyBytes("<f4", "(129, 20)", floatsWith(129 * 20, 77, std::numeric_limits<float>::quiet_NaN())));
    write("inf_phase.npy", npyBytes("<f4", "(129, 20)", floatsWith(129 * 20, 5, std::numeric_limits<float>::infinity())));
    write("negative_mag.npy", npyBytes("<f4", "(129, 20)", floatsWith(129 * 20, 3, -1.0f)));
    write("odd_size.f32", QByteArray(4 * 129 * 20 + 3, '\0'));
    write("mag.f32", floats(129 * 20));
    write("text.csv", "magnitude,phase\nhello,world\n1,2\n");
    write("ragged.csv", "1,2,3\n4,5\n6,7,8\n");
    write("not_numbers.bin", QByteArray("this is plainly not a spectrogram\n").repeated(40));
    if (mkfifo(QFile::encodeName(folder + "/a_fifo").constData(), 0600) != 0)
        return false;
    write("unreadable.npy", npyBytes("<f4", "(2, 2)", floats(4)));
    QFile::setPermissions(folder + "/unreadable.npy", QFileDevice::Permissions());
    return ok;
}

/// SHA-256 of every readable file in `folder` by name ("dir-or-special" for the rest): equal
/// snapshots mean nothing was added, removed or changed.
inline QMap<QString, QByteArray> snapshot(const QString& folder)
{
    QMap<QString, QByteArray> hashes;
    for (const auto& entry : QDir(folder).entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::System)) {
        QByteArray hash = "dir-or-special";
        if (entry.isFile() && entry.isReadable()) {
            QFile file(entry.filePath());
            if (file.open(QIODevice::ReadOnly))
                hash = QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
        }
        hashes.insert(entry.fileName(), hash);
    }
    return hashes;
}

} // namespace bad_inputs
