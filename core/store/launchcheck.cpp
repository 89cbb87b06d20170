#include "store/launchcheck.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace sy::config {
namespace {

// The message form for a launch program that cannot run here, or nullptr.
const char *programProblem(const QString &program, const QString &workingDir)
{
    if (!program.contains(QLatin1Char('/')))
        return QStandardPaths::findExecutable(program).isEmpty()
                   ? QT_TRANSLATE_NOOP("ConfigMessages", "\"%1\" was not found in PATH on this machine: the model will fail to load until it is installed")
                   : nullptr;
    if (!QFileInfo(QDir(workingDir).absoluteFilePath(program)).isExecutable()) // relative to where it runs
        return QT_TRANSLATE_NOOP("ConfigMessages", "\"%1\" is not an executable file on this machine: the model will fail to load");
    return nullptr;
}

} // namespace

std::vector<Issue> launchWarnings(const Config &config)
{
    std::vector<Issue> out;
    for (std::size_t i = 0; i < config.models.size(); ++i) {
        const ModelConfig &m = config.models[i];
        if (!m.launch || m.launch->command.isEmpty())
            continue;
        const QString path = QStringLiteral("models[%1].launch.command").arg(i);
        const QStringList &argv = m.launch->command;
        const QString &workingDir = m.launch->workingDir;
        if (!workingDir.isEmpty() && !QFileInfo(workingDir).isDir())
            out.push_back(Issue::of(QStringLiteral("models[%1].launch.workingDir").arg(i),
                                    QT_TRANSLATE_NOOP("ConfigMessages", "the working directory \"%1\" is not a directory on this machine: the model will fail to load"),
                                    {workingDir}));
        if (const char *problem = programProblem(argv.first(), workingDir))
            out.push_back(Issue::of(path, problem, {argv.first()}));
        // -m is llama-server's model file; other servers use it otherwise (python -m module).
        if (!QFileInfo(argv.first()).fileName().startsWith(QLatin1String("llama-server")))
            continue;
        for (qsizetype a = 1; a < argv.size(); ++a) {
            // "-m FILE", "--model FILE" or "--model=FILE"
            QString file;
            if ((argv[a] == QLatin1String("-m") || argv[a] == QLatin1String("--model")) && a + 1 < argv.size())
                file = argv[a + 1];
            else if (argv[a].startsWith(QLatin1String("--model=")))
                file = argv[a].mid(8);
            if (!file.isEmpty() && !file.contains(QLatin1String("${")) && !QFileInfo::exists(QDir(workingDir).absoluteFilePath(file)))
                out.push_back(Issue::of(path, QT_TRANSLATE_NOOP("ConfigMessages", "the model file \"%1\" does not exist on this machine"), {file}));
        }
    }
    return out;
}

} // namespace sy::config
