#include "protocol/canonical.h"

#include "protocol/prompttext.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <algorithm>

namespace sy::protocol {

Part Part::textPart(QString text)
{
    Part p;
    p.kind = Kind::Text;
    p.text = std::move(text);
    return p;
}

bool Request::hasImages() const
{
    for (const Message &m : messages) {
        for (const Part &p : m.parts) {
            if (p.kind == Part::Kind::Image)
                return true;
        }
    }
    return false;
}

qint64 Request::textBytes() const
{
    qint64 bytes = system.size();
    for (const Message &m : messages) {
        for (const Part &p : m.parts)
            bytes += p.text.size() + p.call.arguments.size();
    }
    for (const ToolSpec &t : tools)
        bytes += t.name.size() + t.description.size() + 64;
    return bytes;
}

qint64 Request::estimatedTokens() const
{
    constexpr qint64 kPerImage = 768; // what vision models typically charge for an image
    qint64 images = 0;
    for (const Message &m : messages) {
        for (const Part &p : m.parts)
            images += p.kind == Part::Kind::Image ? 1 : 0;
    }
    return textBytes() / 4 + 1 + images * kPerImage;
}

QByteArray Request::promptText() const
{
    for (auto m = messages.rbegin(); m != messages.rend(); ++m) {
        if (m->role != Role::User)
            continue;
        QList<QByteArray> texts;
        for (const Part &p : m->parts) {
            if (p.kind == Part::Kind::Text)
                texts << p.text.toUtf8();
        }
        if (std::none_of(texts.begin(), texts.end(), [](const QByteArray &t) { return !t.isEmpty(); }))
            continue;
        std::vector<QByteArrayView> views(texts.begin(), texts.end());
        return promptExcerpt(views);
    }
    return {};
}

bool Request::setsParam(QByteArrayView name) const
{
    if (name == "temperature")
        return params.temperature.has_value();
    if (name == "top_p")
        return params.topP.has_value();
    if (name == "top_k")
        return params.topK.has_value();
    if (name == "max_tokens" || name == "max_completion_tokens")
        return params.maxTokens.has_value();
    if (name == "seed")
        return params.seed.has_value();
    if (name == "presence_penalty")
        return params.presencePenalty.has_value();
    if (name == "frequency_penalty")
        return params.frequencyPenalty.has_value();
    if (name == "stop")
        return !params.stop.isEmpty();
    const QString key = QString::fromUtf8(name);
    return backendParams.contains(key) || (source == Protocol::OpenAI && extra.contains(key));
}

void Request::applyParam(QByteArrayView name, const QJsonValue &value)
{
    if (name == "temperature" && value.isDouble())
        params.temperature = value.toDouble();
    else if (name == "top_p" && value.isDouble())
        params.topP = value.toDouble();
    else if (name == "top_k" && value.isDouble())
        params.topK = value.toInt();
    else if ((name == "max_tokens" || name == "max_completion_tokens") && value.isDouble())
        params.maxTokens = value.toInt();
    else if (name == "seed" && value.isDouble())
        params.seed = value.toInteger(); // 0 beyond qint64 (a plain cast would be undefined)
    else if (name == "presence_penalty" && value.isDouble())
        params.presencePenalty = value.toDouble();
    else if (name == "frequency_penalty" && value.isDouble())
        params.frequencyPenalty = value.toDouble();
    else if (name == "stop" && (value.isString() || value.isArray()))
        params.stop = value.isString() ? QStringList{value.toString()} : value.toVariant().toStringList();
    else
        backendParams.insert(QString::fromUtf8(name), value);
}

void Request::dropParam(QByteArrayView name)
{
    if (name == "temperature")
        params.temperature.reset();
    else if (name == "top_p")
        params.topP.reset();
    else if (name == "top_k")
        params.topK.reset();
    else if (name == "max_tokens" || name == "max_completion_tokens")
        params.maxTokens.reset();
    else if (name == "seed")
        params.seed.reset();
    else if (name == "presence_penalty")
        params.presencePenalty.reset();
    else if (name == "frequency_penalty")
        params.frequencyPenalty.reset();
    else if (name == "stop")
        params.stop.clear();
    const QString key = QString::fromUtf8(name);
    backendParams.remove(key);
    extra.remove(key); // another parameter, as the client's protocol names it
}

Part CallIdMatcher::call(QString id, QString name, QString arguments)
{
    Part p;
    p.kind = Part::Kind::ToolCall;
    p.call = {id.isEmpty() ? newId("call_") : std::move(id), std::move(name), std::move(arguments)};
    m_open.insert(p.call.id, p.call.name);
    m_names.insert(p.call.id, p.call.name);
    m_order.push_back(p.call.id);
    m_byName[p.call.name].push_back(p.call.id);
    return p;
}

QString CallIdMatcher::resultId(const QString &id, const QString &name)
{
    if (!id.isEmpty()) {
        m_open.remove(id);
        return id;
    }
    // The oldest open call of that name (of any name, when the result names none).
    std::deque<QString> &queue = name.isEmpty() ? m_order : m_byName[name];
    while (!queue.empty()) {
        QString candidate = std::move(queue.front());
        queue.pop_front();
        if (m_open.remove(candidate))
            return candidate;
    }
    return newId("call_");
}

QString newId(const char *prefix)
{
    static const char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    QString id = QLatin1String(prefix);
    for (int i = 0; i < 24; ++i)
        id += QLatin1Char(kAlphabet[QRandomGenerator::global()->bounded(62)]);
    return id;
}

QString compactJson(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject argumentsObject(const QString &arguments)
{
    return QJsonDocument::fromJson(arguments.toUtf8()).object();
}

} // namespace sy::protocol
