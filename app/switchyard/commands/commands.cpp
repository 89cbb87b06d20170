#include "commands/commands.h"

#include "commands/commandfunctions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <cstdio>
#include <cstring>
#include <vector>

namespace sy::app::commands {
namespace {

struct Option {
    QStringList names;
    const char *description;
    const char *valueName = nullptr;
};

struct Command {
    const char *name;
    const char *arguments; // after the name, in the usage line
    const char *summary;
    std::vector<Option> options;
    ExitCode (*run)(Context &);
    bool talksToSwitchyard = true;
};

const Option kNoWait{{QStringLiteral("no-wait")}, "Return once Switchyard took the request, without waiting."};
const Option kTimeout{{QStringLiteral("timeout")}, "Give up waiting after S seconds (exit status 1).", "S"};

const std::vector<Command> &commandTable()
{
    static const std::vector<Command> table{
        {"status", "", "Whether Switchyard runs, where, its version and uptime, models hot of all, memory.", {}, runStatus},
        {"ps", "", "Every model: state, backend, port, memory, idle TTL left, requests, problems.",
         {{{QStringLiteral("q"), QStringLiteral("quiet")}, "Only the model names, one a line."}}, runPs},
        {"load", "MODEL", "Start a model and wait until it is hot.", {kNoWait, kTimeout}, runLoad},
        {"unload", "MODEL | --all", "Stop a model (or every loaded one) and wait until it is cold.",
         {{{QStringLiteral("all")}, "Every model that is loaded or starting."}, kNoWait, kTimeout}, runUnload},
        {"pin", "MODEL", "Keep a model loaded: its idle TTL and the memory budget no longer unload it.", {}, runPin},
        {"unpin", "MODEL", "Let a pinned model's idle TTL apply again.", {}, runUnpin},
        {"logs", "MODEL", "What a model server printed (models Switchyard runs).",
         {{{QStringLiteral("f"), QStringLiteral("follow")}, "Go on printing what it prints, until interrupted."},
          {{QStringLiteral("n"), QStringLiteral("lines")}, "How many of the last lines (default 100, at most 2000).", "N"}},
         runLogs},
        {"requests", "", "The latest requests, newest first: what was asked, what served it, status, latency, tokens.",
         {{{QStringLiteral("failed")}, "Only requests that failed (status 400 and above)."},
          {{QStringLiteral("n"), QStringLiteral("limit")}, "How many (default 20, at most 500).", "N"}},
         runRequests},
        {"route", "MODEL|POLICY", "Which models would serve a chat request for this name, in which order, and why. Nothing is called.",
         {{{QStringLiteral("prompt")}, "The user's message (auto routing reads it).", "TEXT"}}, runRoute},
        {"config", "check FILE", "Check a config file the way Switchyard does before it takes one (no running Switchyard needed).", {},
         runConfig, false},
        {"key", "new NAME | hash", "Make a client key for server.clientKeys (printed once, with the entry to add), or hash one read "
                                   "from standard input. No running Switchyard needed.", {}, runKey, false},
    };
    return table;
}

const Command *findCommand(const QString &name)
{
    for (const Command &c : commandTable()) {
        if (name == QLatin1String(c.name))
            return &c;
    }
    return nullptr;
}

const std::vector<Option> &commonOptions()
{
    static const std::vector<Option> options{
        {{QStringLiteral("url")}, "The Switchyard to talk to (default: $SWITCHYARD_URL, else server.host and server.port of the config).", "URL"},
        {{QStringLiteral("config")}, "Its config file; the admin token is read beside it (default: $XDG_CONFIG_HOME/switchyard/config.json).", "PATH"},
        {{QStringLiteral("json")}, "Print the answer as JSON (one document a line) instead of tables."},
        {{QStringLiteral("h"), QStringLiteral("help")}, "Show this help."},
    };
    return options;
}

QString optionSyntax(const Option &o)
{
    QStringList names;
    for (const QString &n : o.names)
        names << (n.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + n;
    QString text = names.join(QStringLiteral(", "));
    if (o.valueName)
        text += QLatin1Char(' ') + QLatin1String(o.valueName);
    return text;
}

QString optionLines(const std::vector<Option> &options)
{
    QString out;
    for (const Option &o : options)
        out += QStringLiteral("  %1%2\n").arg(optionSyntax(o).leftJustified(18), QLatin1String(o.description));
    return out;
}

const char kFooter[] =
    "The admin token is $SWITCHYARD_ADMIN_TOKEN, else the file admin-token beside the config.\n"
    "Exit status: 0 done; 1 Switchyard refused or the operation failed; 2 bad command line;\n"
    "3 no Switchyard answers at the URL; 4 admin token missing or refused; 5 no such model or request.\n";

QString overview()
{
    QString out = QStringLiteral("Usage: switchyard COMMAND [ARGUMENTS] [OPTIONS]   talk to a running Switchyard\n"
                                 "       switchyard [OPTIONS]                        start one (switchyard --help)\n\nCommands:\n");
    for (const Command &c : commandTable())
        out += QStringLiteral("  %1%2\n").arg((QLatin1String(c.name) + QLatin1Char(' ') + QLatin1String(c.arguments)).leftJustified(22),
                                             QLatin1String(c.summary));
    out += QStringLiteral("  %1%2\n").arg(QStringLiteral("help [COMMAND]").leftJustified(22), QStringLiteral("This overview, or a command's options."));
    out += QStringLiteral("\nOptions of every command:\n") + optionLines(commonOptions()) + QLatin1Char('\n') + QLatin1String(kFooter);
    return out;
}

QString commandHelp(const Command &c)
{
    QString out = QStringLiteral("Usage: switchyard %1 %2 [OPTIONS]\n%3\n").arg(QLatin1String(c.name), QLatin1String(c.arguments), QLatin1String(c.summary));
    if (!c.options.empty())
        out += QStringLiteral("\nOptions:\n") + optionLines(c.options);
    out += QStringLiteral("\nOptions of every command:\n") + optionLines(commonOptions()) + QLatin1Char('\n') + QLatin1String(kFooter);
    return out;
}

int help(const QStringList &args)
{
    if (args.isEmpty()) {
        std::fputs(qPrintable(overview()), stdout);
        return int(ExitCode::Ok);
    }
    const Command *c = findCommand(args.first());
    if (!c) {
        std::fprintf(stderr, "switchyard: there is no command \"%s\"; switchyard help lists them\n", qPrintable(args.first()));
        return int(ExitCode::Usage);
    }
    std::fputs(qPrintable(commandHelp(*c)), stdout);
    return int(ExitCode::Ok);
}

void addOptions(QCommandLineParser &parser, const std::vector<Option> &options)
{
    for (const Option &o : options)
        parser.addOption(o.valueName ? QCommandLineOption(o.names, QString::fromUtf8(o.description), QString::fromUtf8(o.valueName))
                                     : QCommandLineOption(o.names, QString::fromUtf8(o.description)));
}

int runCommand(const Command &c, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsCompactedShortOptions);
    addOptions(parser, commonOptions());
    addOptions(parser, c.options);
    if (!parser.parse(arguments)) {
        std::fprintf(stderr, "switchyard %s: %s (see switchyard help %s)\n", c.name, qPrintable(parser.errorText()), c.name);
        return int(ExitCode::Usage);
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(commandHelp(c)), stdout);
        return int(ExitCode::Ok);
    }
    if (*c.arguments == '\0' && !parser.positionalArguments().isEmpty()) { // "status extra": not silently ignored
        std::fprintf(stderr, "switchyard %s takes no arguments (is \"%s\" meant as an option?)\n", c.name,
                     qPrintable(parser.positionalArguments().first().left(80)));
        return int(ExitCode::Usage);
    }
    LocateOptions where;
    where.url = parser.value(QStringLiteral("url"));
    where.configPath = parser.value(QStringLiteral("config"));
    Context ctx(parser, where);
    if (c.talksToSwitchyard && !ctx.core().address().problem.isEmpty())
        return int(ctx.usage(ctx.core().address().problem));
    return int(c.run(ctx));
}

} // namespace

bool isCommand(const char *firstArgument)
{
    return firstArgument && (std::strcmp(firstArgument, "help") == 0 || findCommand(QString::fromUtf8(firstArgument)));
}

int run(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("switchyard"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SWITCHYARD_VERSION));
    QStringList arguments = QCoreApplication::arguments();
    const QString name = arguments.at(1);
    arguments.removeAt(1); // the parser sees "switchyard ARGUMENTS..."
    if (name == QLatin1String("help"))
        return help(arguments.mid(1));
    return runCommand(*findCommand(name), arguments);
}

} // namespace sy::app::commands
