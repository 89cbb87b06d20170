#include "editors/launchoptions.h"

#include <QFileInfo>

namespace sy::ui::launch {
namespace {

// Where the option's value is: "-c 4096" (the next word) or "--ctx-size=4096" (after '=').
struct Found {
    qsizetype index = -1;
    bool inline_ = false;
};

Found find(const QStringList &argv, const Option &option)
{
    for (qsizetype i = 1; i < argv.size(); ++i) {
        for (const QString &name : option.names) {
            if (argv[i] == name && i + 1 < argv.size())
                return {i, false};
            if (argv[i].startsWith(name + QLatin1Char('=')))
                return {i, true};
        }
    }
    return {};
}

} // namespace

QString value(const QStringList &argv, const Option &option)
{
    const Found f = find(argv, option);
    if (f.index < 0)
        return {};
    return f.inline_ ? argv[f.index].section(QLatin1Char('='), 1) : argv[f.index + 1];
}

QStringList withValue(QStringList argv, const Option &option, const QString &value)
{
    const Found f = find(argv, option);
    if (f.index >= 0) {
        if (value.isEmpty())
            argv.remove(f.index, f.inline_ ? 1 : 2);
        else if (f.inline_)
            argv[f.index] = argv[f.index].section(QLatin1Char('='), 0, 0) + QLatin1Char('=') + value;
        else
            argv[f.index + 1] = value;
        return argv;
    }
    if (!value.isEmpty() && !argv.isEmpty())
        argv << option.names.first() << value;
    return argv;
}

bool isLlamaServer(const QStringList &argv)
{
    return !argv.isEmpty() && QFileInfo(argv.first()).fileName().startsWith(QLatin1String("llama-server"));
}

} // namespace sy::ui::launch
