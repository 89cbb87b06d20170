#include "protocol/apierror.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

namespace sy::protocol {

Protocol protocolForPath(QByteArrayView path)
{
    if (path.startsWith("/v1/messages"))
        return Protocol::Anthropic;
    if (path.startsWith("/v1/responses"))
        return Protocol::Responses;
    if (path.startsWith("/v1beta/") || (path.startsWith("/v1/models/") && path.contains(':')))
        return Protocol::Gemini; // Gemini's v1 is "models/{model}:{method}"
    if (path.startsWith("/api/v1/") || path == "/api/v1" || path.startsWith("/model-pool"))
        return Protocol::Management;
    if (path.startsWith("/api/"))
        return Protocol::Ollama;
    return Protocol::OpenAI;
}

const char *protocolName(Protocol protocol)
{
    switch (protocol) {
    case Protocol::OpenAI: return "openai";
    case Protocol::Anthropic: return "anthropic";
    case Protocol::Gemini: return "gemini";
    case Protocol::Ollama: return "ollama";
    case Protocol::Responses: return "responses";
    case Protocol::Management: return "management";
    }
    return "openai";
}

int ApiError::status() const
{
    if (statusOverride)
        return statusOverride;
    switch (kind) {
    case ErrorKind::InvalidRequest: return 400;
    case ErrorKind::Unauthorized: return 401;
    case ErrorKind::Forbidden: return 403;
    case ErrorKind::NotFound: return 404;
    case ErrorKind::MethodNotAllowed: return 405;
    case ErrorKind::Timeout: return 408;
    case ErrorKind::PreconditionFailed: return 412;
    case ErrorKind::TooLarge: return 413;
    case ErrorKind::UnsupportedMediaType: return 415;
    case ErrorKind::Unprocessable: return 422;
    case ErrorKind::RateLimited: return 429;
    case ErrorKind::HeaderTooLarge: return 431;
    case ErrorKind::Internal: return 500;
    case ErrorKind::BadGateway: return 502;
    case ErrorKind::Unavailable: return 503;
    case ErrorKind::GatewayTimeout: return 504;
    }
    return 500;
}

ApiError makeError(ErrorKind kind, QString message, QByteArray code, QByteArray param)
{
    ApiError e;
    e.kind = kind;
    e.message = std::move(message);
    e.code = std::move(code);
    e.param = std::move(param);
    return e;
}

QString excerpt(QStringView clientText, qsizetype maxChars)
{
    if (clientText.size() <= maxChars)
        return clientText.toString();
    qsizetype cut = maxChars;
    if (clientText.at(cut - 1).isHighSurrogate())
        --cut; // never split a surrogate pair
    return clientText.left(cut).toString() + QStringLiteral("… (%1 characters)").arg(clientText.size());
}

QString excerpt(QByteArrayView clientText, qsizetype maxChars)
{
    // Decode no more than a bounded prefix: the input may be megabytes long.
    const QByteArrayView head = clientText.first(std::min(clientText.size(), maxChars * 4 + 4));
    QString text = QString::fromUtf8(head);
    if (head.size() == clientText.size())
        return excerpt(QStringView(text), maxChars);
    if (text.size() > maxChars) {
        qsizetype cut = maxChars;
        if (text.at(cut - 1).isHighSurrogate())
            --cut;
        text.truncate(cut);
    }
    return text + QStringLiteral("… (%1 bytes)").arg(clientText.size());
}

namespace {

// Control characters, and what can make a log line look other than it is: line and
// paragraph separators (a new line to some viewers) and format characters (bidi overrides
// that reorder what is shown, zero-width characters).
QString withoutControls(QString text)
{
    for (QChar &c : text) {
        const QChar::Category category = c.category();
        if (category == QChar::Other_Control || category == QChar::Other_Format || category == QChar::Separator_Line ||
            category == QChar::Separator_Paragraph)
            c = QChar(0xFFFD);
    }
    return text;
}

} // namespace

QString loggable(QStringView clientText, qsizetype maxChars)
{
    return withoutControls(excerpt(clientText, maxChars));
}

QString loggable(QByteArrayView clientText, qsizetype maxChars)
{
    return withoutControls(excerpt(clientText, maxChars));
}

namespace {

QJsonValue orNull(const QByteArray &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(QString::fromUtf8(s));
}

const char *openAiType(const ApiError &e)
{
    switch (e.kind) {
    case ErrorKind::Unauthorized: return "authentication_error";
    case ErrorKind::Forbidden: return "permission_error";
    case ErrorKind::RateLimited: return "rate_limit_error";
    case ErrorKind::Internal:
    case ErrorKind::BadGateway:
    case ErrorKind::Unavailable:
    case ErrorKind::GatewayTimeout: return "server_error";
    default: return "invalid_request_error";
    }
}

const char *anthropicType(const ApiError &e)
{
    switch (e.kind) {
    case ErrorKind::Unauthorized: return "authentication_error";
    case ErrorKind::Forbidden: return "permission_error";
    case ErrorKind::NotFound: return "not_found_error";
    case ErrorKind::TooLarge: return "request_too_large";
    case ErrorKind::RateLimited: return "rate_limit_error";
    case ErrorKind::Unavailable: return "overloaded_error";
    case ErrorKind::Internal:
    case ErrorKind::BadGateway:
    case ErrorKind::GatewayTimeout: return "api_error";
    default: return "invalid_request_error";
    }
}

// google.rpc.Code names, as Google APIs put them in error.status.
const char *googleStatus(const ApiError &e)
{
    switch (e.kind) {
    case ErrorKind::Unauthorized: return "UNAUTHENTICATED";
    case ErrorKind::Forbidden: return "PERMISSION_DENIED";
    case ErrorKind::NotFound: return "NOT_FOUND";
    case ErrorKind::MethodNotAllowed: return "UNIMPLEMENTED";
    case ErrorKind::RateLimited: return "RESOURCE_EXHAUSTED";
    case ErrorKind::Unavailable:
    case ErrorKind::BadGateway: return "UNAVAILABLE";
    case ErrorKind::GatewayTimeout:
    case ErrorKind::Timeout: return "DEADLINE_EXCEEDED";
    case ErrorKind::Internal: return "INTERNAL";
    case ErrorKind::Unprocessable:
    case ErrorKind::PreconditionFailed: return "FAILED_PRECONDITION";
    default: return "INVALID_ARGUMENT";
    }
}

} // namespace

QByteArray renderError(Protocol protocol, const ApiError &e)
{
    QJsonObject root;
    switch (protocol) {
    case Protocol::OpenAI:
    case Protocol::Responses:
    case Protocol::Management:
        root.insert(QStringLiteral("error"), QJsonObject{{QStringLiteral("message"), e.message},
                                                         {QStringLiteral("type"), QString::fromLatin1(openAiType(e))},
                                                         {QStringLiteral("param"), orNull(e.param)},
                                                         {QStringLiteral("code"), orNull(e.code)}});
        break;
    case Protocol::Anthropic:
        root.insert(QStringLiteral("type"), QStringLiteral("error"));
        root.insert(QStringLiteral("error"), QJsonObject{{QStringLiteral("type"), QString::fromLatin1(anthropicType(e))},
                                                         {QStringLiteral("message"), e.message}});
        break;
    case Protocol::Gemini:
        root.insert(QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), e.status()},
                                                         {QStringLiteral("message"), e.message},
                                                         {QStringLiteral("status"), QString::fromLatin1(googleStatus(e))}});
        break;
    case Protocol::Ollama:
        root.insert(QStringLiteral("error"), e.message);
        break;
    }
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

} // namespace sy::protocol
