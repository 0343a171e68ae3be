// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/model/audio_source.hpp"

#include "core/base/error.hpp"
#include "core/io/audio_file.hpp"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryFile>

// Q_INIT_RESOURCE must be used outside any namespace.
static void initialisePhaseLabResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace phaselab::ui {

void ensureResources()
{
    static const bool done = (initialisePhaseLabResources(), true);
    Q_UNUSED(done)
}

QString demoResourcePath()
{
    return QStringLiteral(":/demo.flac");
}

QString demoName()
{
    return QStringLiteral("demo.flac");
}

Signal loadAudio(const QString& path, const JobControl& control)
{
    if (!path.startsWith(QLatin1String(":/")))
        return readAudio(QFile::encodeName(path).toStdString(), ChannelSelection::mix(), nullptr, control);
    // The reader takes a file name: copy the resource out.
    ensureResources();
    QFile resource(path);
    if (!resource.open(QIODevice::ReadOnly))
        throw IoError("the bundled resource " + path.toStdString() + " is missing from this build");
    QTemporaryFile copy(QDir::tempPath() + QStringLiteral("/phaselab-XXXXXX.") + QFileInfo(path).suffix());
    if (!copy.open() || copy.write(resource.readAll()) < 0 || !copy.flush())
        throw IoError("cannot write a temporary copy of " + path.toStdString() + " in " + QDir::tempPath().toStdString());
    return readAudio(QFile::encodeName(copy.fileName()).toStdString(), ChannelSelection::mix(), nullptr, control);
}

bool looksLikeAudio(const QString& path)
{
    static const QStringList audio{"wav", "wave", "flac", "ogg", "oga", "opus", "mp3", "aif", "aiff", "aifc",
                                   "au", "snd", "caf", "w64", "rf64", "voc"};
    return audio.contains(QFileInfo(path).suffix().toLower());
}

} // namespace phaselab::ui
