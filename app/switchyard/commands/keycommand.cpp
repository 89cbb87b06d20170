// switchyard key new NAME | key hash: client keys for server.clientKeys without putting a
// key in the config file. "new" makes a random key and prints it once with the entry to add
// (its hash); "hash" reads a key from standard input (never the command line, which other
// users can see) and prints its keyHash. Needs no running Switchyard.

#include "commands/commandfunctions.h"
#include "store/configreader.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTextStream>
#include <array>

namespace sy::app::commands {
namespace {

QByteArray randomKey()
{
    std::array<quint32, 8> words; // 256 bits
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()), qsizetype(sizeof words));
    return "sy-" + bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QJsonObject entry(const QString &name, const QByteArray &key)
{
    return {{QStringLiteral("name"), name}, {QStringLiteral("keyHash"), QString::fromLatin1(config::clientKeyHash(key))}};
}

} // namespace

ExitCode runKey(Context &ctx)
{
    const QStringList args = ctx.positional();
    if (args.size() == 2 && args.first() == QLatin1String("new")) {
        const QString name = args.at(1);
        if (!config::isPlainName(name) || name.size() > 64)
            return ctx.usage(QStringLiteral("a key's name may hold only letters, digits and . _ : @ - (at most 64)"));
        const QByteArray key = randomKey();
        if (ctx.json()) {
            QJsonObject out = entry(name, key);
            out.insert(QStringLiteral("key"), QString::fromLatin1(key));
            ctx.printJson(out);
        } else {
            ctx.print(QStringLiteral("Key (shown once; give it to the client): %1\n"
                                     "Add to server.clientKeys in the config: %2\n")
                          .arg(QString::fromLatin1(key), QString::fromUtf8(QJsonDocument(entry(name, key)).toJson(QJsonDocument::Compact))));
        }
        return ExitCode::Ok;
    }
    if (args.size() == 1 && args.first() == QLatin1String("hash")) {
        QTextStream in(stdin);
        const QByteArray key = in.readLine().trimmed().toUtf8();
        if (key.isEmpty())
            return ctx.usage(QStringLiteral("key hash reads the key from standard input (echo \"$KEY\" | switchyard key hash)"));
        const QByteArray hash = config::clientKeyHash(key);
        if (ctx.json())
            ctx.printJson({{QStringLiteral("keyHash"), QString::fromLatin1(hash)}});
        else
            ctx.print(QString::fromLatin1(hash) + QLatin1Char('\n'));
        return ExitCode::Ok;
    }
    return ctx.usage(QStringLiteral("the key command is: switchyard key new NAME, or switchyard key hash (key on standard input)"));
}

} // namespace sy::app::commands
