#include "cli.h"

#include "commands/commands.h"
#include "util/log.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <cstdio>
#include <cstring>

namespace sy::app {

bool wantsHeadless(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--headless") == 0)
            return true;
    }
#ifndef SWITCHYARD_HAVE_UI
    return true;
#else
    const bool platformSet = !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
    const bool display = !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
    return !platformSet && !display;
#endif
}

std::optional<CliOptions> parseCommandLine(const QStringList &arguments, bool headless)
{
    QCommandLineParser cli;
    cli.setApplicationDescription(
        QStringLiteral("Switchyard: a local LLM control center. Serves an OpenAI-compatible endpoint, routes each "
                       "request to a model and manages local model servers. The window opens on a Switchyard that "
                       "already runs where this one would listen.\n\n"
                       "Commands for a running Switchyard: status, ps, load, unload, pin, unpin, logs, requests, route; "
                       "and without one: config check, key new (switchyard help)."));
    const QCommandLineOption help = cli.addHelpOption();
    const QCommandLineOption version = cli.addVersionOption();
    const QCommandLineOption config({QStringLiteral("config")}, QStringLiteral("Config file (default: $XDG_CONFIG_HOME/switchyard/config.json)."), QStringLiteral("path"));
    const QCommandLineOption host({QStringLiteral("host")}, QStringLiteral("Address to listen on (overrides server.host)."), QStringLiteral("addr"));
    const QCommandLineOption port({QStringLiteral("port")}, QStringLiteral("Port to listen on (overrides server.port; default 6103, 0 = any free port)."), QStringLiteral("port"));
    const QCommandLineOption backend({QStringLiteral("backend")}, QStringLiteral("Default backend for unknown model names (overrides server.defaultBackend)."), QStringLiteral("id"));
    const QCommandLineOption headlessOption({QStringLiteral("headless")}, QStringLiteral("Run the router without a window (automatic without a display)."));
    const QCommandLineOption demo({QStringLiteral("demo")}, QStringLiteral("Add the built-in demo pool of simulated models (automatic when no model is configured)."));
    const QCommandLineOption noDemo({QStringLiteral("no-demo")}, QStringLiteral("Never add the demo pool."));
    const QCommandLineOption logLevel({QStringLiteral("log-level")}, QStringLiteral("trace, debug, info, warn, error or off (default info)."), QStringLiteral("level"), QStringLiteral("info"));
    const QCommandLineOption language({QStringLiteral("language")}, QStringLiteral("Window language: en or de (default: the saved choice, else the system's)."), QStringLiteral("code"));
    const QCommandLineOption attach({QStringLiteral("attach")}, QStringLiteral("Open the window on a Switchyard running elsewhere instead of starting one (admin token: SWITCHYARD_ADMIN_TOKEN, else the one beside the config)."), QStringLiteral("url"));
    const QCommandLineOption tour({QStringLiteral("screenshot-tour")}, QStringLiteral("Walk through every view, save a PNG of each in the directory, then quit."), QStringLiteral("dir"));
    for (const auto &o : {config, host, port, backend, headlessOption, demo, noDemo, logLevel, language, attach, tour})
        cli.addOption(o);
    // parse(), not process(): a usage error exits with 2 like the commands' (process() used 1).
    if (!cli.parse(arguments)) {
        std::fprintf(stderr, "switchyard: %s (switchyard --help)\n", qPrintable(cli.errorText()));
        return std::nullopt;
    }
    if (cli.isSet(help))
        cli.showHelp(0);
    if (cli.isSet(version))
        cli.showVersion();

    if (!cli.positionalArguments().isEmpty()) {
        const QString first = cli.positionalArguments().first();
        if (commands::isCommand(first.toUtf8().constData())) // "switchyard --config F load m"
            std::fprintf(stderr, "switchyard: the command goes first: switchyard %s [ARGUMENTS] [OPTIONS]\n", qPrintable(first));
        else
            std::fprintf(stderr, "switchyard: there is no command \"%s\"; switchyard help lists them\n", qPrintable(first));
        return std::nullopt;
    }

    CliOptions options;
    options.headless = headless;
    options.core.configPath = cli.value(config);
    options.core.host = cli.value(host);
    options.core.defaultBackend = cli.value(backend);
    options.core.demo = cli.isSet(demo);
    options.core.noDemo = cli.isSet(noDemo);
    if (cli.isSet(port)) {
        bool ok = false;
        const int value = cli.value(port).toInt(&ok);
        if (!ok || value < 0 || value > 65535) {
            std::fprintf(stderr, "switchyard: --port must be a number from 0 to 65535 (is \"%s\")\n", qPrintable(cli.value(port)));
            return std::nullopt;
        }
        options.core.port = value;
    }
    options.language = cli.value(language);
    options.attachUrl = cli.value(attach);
    options.screenshotDir = cli.value(tour);
    if (headless && (!options.attachUrl.isEmpty() || !options.screenshotDir.isEmpty())) {
        std::fprintf(stderr, "switchyard: --attach and --screenshot-tour need the window (a display, and no --headless)\n");
        return std::nullopt;
    }
    if (!options.language.isEmpty() && options.language != QLatin1String("en") && options.language != QLatin1String("de")) {
        std::fprintf(stderr, "switchyard: --language must be en or de (is \"%s\")\n", qPrintable(options.language));
        return std::nullopt;
    }
    options.logLevel = cli.value(logLevel);
    if (!log::parseLevel(options.logLevel)) {
        std::fprintf(stderr, "switchyard: --log-level must be trace, debug, info, warn, error or off (is \"%s\")\n",
                     qPrintable(options.logLevel));
        return std::nullopt;
    }
    return options;
}

} // namespace sy::app
