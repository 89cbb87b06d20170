#include "http/parser.h"

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>

#include <optional>

namespace sy::http {
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

QByteArray toBytes(std::string_view s)
{
    return QByteArray(s.data(), qsizetype(s.size()));
}

// The methods clients send, as shared constants: no allocation per request.
QByteArray methodBytes(bhttp::verb verb, std::string_view method)
{
    static const QByteArray get = QByteArrayLiteral("GET"), post = QByteArrayLiteral("POST"),
                            head = QByteArrayLiteral("HEAD"), options = QByteArrayLiteral("OPTIONS");
    switch (verb) {
    case bhttp::verb::get: return get;
    case bhttp::verb::post: return post;
    case bhttp::verb::head: return head;
    case bhttp::verb::options: return options;
    default: return toBytes(method);
    }
}

ParseError classify(const beast::error_code &ec)
{
    if (ec == bhttp::error::header_limit)
        return ParseError::HeaderTooLarge;
    if (ec == bhttp::error::body_limit)
        return ParseError::BodyTooLarge;
    if (ec == bhttp::error::partial_message || ec == bhttp::error::end_of_stream)
        return ParseError::UnexpectedEof;
    return ParseError::Malformed;
}

// Shared part of both parsers: runs Beast's put() over a buffer and tracks the state.
template<bool IsRequest>
class BeastParser : public bhttp::basic_parser<IsRequest> {
public:
    ParseState state = ParseState::NeedMore;
    ParseError error = ParseError::None;
    QByteArray errorMessage;
    QByteArray body;
    bool headReported = false;
    Headers fields;

    std::size_t run(const char *data, std::size_t size, bool stopAtHead)
    {
        if (state == ParseState::Complete || state == ParseState::Error)
            return 0;
        std::size_t used = 0;
        for (;;) {
            beast::error_code ec;
            const std::size_t n = this->put(boost::asio::const_buffer(data + used, size - used), ec);
            used += n;
            if (ec == bhttp::error::need_more) {
                state = ParseState::NeedMore;
                break;
            }
            if (ec) {
                fail(ec);
                break;
            }
            if (this->is_done()) {
                state = ParseState::Complete;
                break;
            }
            if (this->is_header_done() && !headReported) {
                headReported = true;
                this->eager(true);
                if (stopAtHead) {
                    state = ParseState::HeadReady;
                    break;
                }
            }
            if (n == 0) {
                state = ParseState::NeedMore;
                break;
            }
        }
        return used;
    }

    void fail(const beast::error_code &ec)
    {
        state = ParseState::Error;
        error = classify(ec);
        errorMessage = QByteArray::fromStdString(ec.message());
    }

protected:
    void on_field_impl(bhttp::field, std::string_view name, std::string_view value, beast::error_code &) override
    {
        fields.add(QByteArrayView(name.data(), qsizetype(name.size())), QByteArrayView(value.data(), qsizetype(value.size())));
    }
    void on_header_impl(beast::error_code &) override {}
    void on_body_init_impl(const boost::optional<std::uint64_t> &length, beast::error_code &) override
    {
        // Reserve for a declared length, within reason: a peer's claim is not a promise.
        constexpr std::uint64_t kMaxReserve = 16u << 20;
        if (length && *length <= kMaxReserve)
            body.reserve(qsizetype(*length) + kBodyPadding);
    }
    std::size_t on_body_impl(std::string_view data, beast::error_code &) override
    {
        body.append(data.data(), qsizetype(data.size()));
        return data.size();
    }
    void on_chunk_header_impl(std::uint64_t, std::string_view, beast::error_code &) override {}
    std::size_t on_chunk_body_impl(std::uint64_t, std::string_view data, beast::error_code &) override
    {
        body.append(data.data(), qsizetype(data.size()));
        return data.size();
    }
    void on_finish_impl(beast::error_code &) override {}
};

class BeastRequestParser final : public BeastParser<true> {
public:
    RequestHead head;

protected:
    void on_request_impl(bhttp::verb verb, std::string_view method, std::string_view target, int version,
                         beast::error_code &) override
    {
        head.method = methodBytes(verb, method);
        head.target = toBytes(target);
        const auto q = target.find('?');
        head.path = q == std::string_view::npos ? head.target : toBytes(target.substr(0, q)); // shared, not copied
        head.query = q == std::string_view::npos ? QByteArray() : toBytes(target.substr(q + 1));
        head.version = version;
    }
    void on_response_impl(int, std::string_view, int, beast::error_code &) override {}
};

class BeastResponseParser final : public BeastParser<false> {
public:
    ResponseHead head;

protected:
    void on_request_impl(bhttp::verb, std::string_view, std::string_view, int, beast::error_code &) override {}
    void on_response_impl(int code, std::string_view reason, int version, beast::error_code &) override
    {
        head.status = code;
        head.reason = toBytes(reason);
        head.version = version;
    }
};

} // namespace

// RFC 9112 6.1 and 6.3: a request may carry only "Transfer-Encoding: chunked" (once), and
// not together with Content-Length. Anything else cannot be framed safely: were it
// ignored, the body would be read as the next request.
QByteArray framingProblem(const Headers &headers)
{
    int encodings = 0;
    QByteArrayView value;
    for (const HeaderField f : headers) {
        if (equalsIgnoreCase(f.name, "transfer-encoding")) {
            ++encodings;
            value = f.value.trimmed();
        }
    }
    if (encodings == 0)
        return {};
    if (encodings > 1 || value.compare("chunked", Qt::CaseInsensitive) != 0)
        return "unsupported Transfer-Encoding (only a single \"chunked\" is accepted)";
    if (headers.has("content-length"))
        return "Transfer-Encoding and Content-Length must not both be sent";
    return {};
}

namespace {

// RFC 9112 3.2.2: a request target may be in absolute form ("POST http://host:port/v1/...",
// what a client sends when it takes this server for its HTTP proxy). Servers must accept it,
// and the target's authority stands instead of the Host header, so the host checks see it.
void acceptAbsoluteForm(RequestHead &h)
{
    qsizetype schemeEnd = -1;
    if (h.target.startsWith("http://") || h.target.startsWith("HTTP://"))
        schemeEnd = 7;
    else if (h.target.startsWith("https://") || h.target.startsWith("HTTPS://"))
        schemeEnd = 8;
    if (schemeEnd < 0)
        return;
    qsizetype pathStart = schemeEnd;
    while (pathStart < h.target.size() && h.target[pathStart] != '/' && h.target[pathStart] != '?')
        ++pathStart;
    h.headers.set("host", QByteArrayView(h.target).sliced(schemeEnd, pathStart - schemeEnd));
    h.target = pathStart < h.target.size() && h.target[pathStart] == '/' ? h.target.mid(pathStart) : "/" + h.target.mid(pathStart);
    const qsizetype q = h.target.indexOf('?');
    h.path = q < 0 ? h.target : h.target.left(q);
    h.query = q < 0 ? QByteArray() : h.target.mid(q + 1);
}

} // namespace

// --- RequestParser ---------------------------------------------------------------------

struct RequestParser::Impl {
    std::optional<BeastRequestParser> parser; // rebuilt in place for each message: no allocation
    bool headFinalised = false;
};

RequestParser::RequestParser() : d(std::make_unique<Impl>()) { reset(32 * 1024, 32ull << 20); }
RequestParser::~RequestParser() = default;

void RequestParser::reset(std::uint32_t headerLimitBytes, std::uint64_t bodyLimitBytes)
{
    d->parser.emplace();
    d->parser->header_limit(headerLimitBytes);
    d->parser->body_limit(bodyLimitBytes);
    d->headFinalised = false;
}

std::size_t RequestParser::feed(const char *data, std::size_t size)
{
    BeastRequestParser &p = *d->parser;
    const std::size_t used = p.run(data, size, /*stopAtHead=*/true);
    if (!d->headFinalised && p.is_header_done() && p.state != ParseState::Error) {
        d->headFinalised = true;
        RequestHead &h = p.head;
        h.headers = std::move(p.fields);
        acceptAbsoluteForm(h);
        h.keepAlive = p.keep_alive();
        h.upgrade = p.upgrade();
        h.chunked = p.chunked();
        if (auto len = p.content_length())
            h.contentLength = *len;
        h.expectContinue = h.headers.hasToken("expect", "100-continue");
        if (QByteArray problem = framingProblem(h.headers); !problem.isEmpty()) {
            p.state = ParseState::Error;
            p.error = ParseError::Malformed;
            p.errorMessage = std::move(problem);
        }
    }
    return used;
}

ParseState RequestParser::state() const { return d->parser->state; }
ParseError RequestParser::error() const { return d->parser->error; }
QByteArray RequestParser::errorMessage() const { return d->parser->errorMessage; }
const RequestHead &RequestParser::head() const { return d->parser->head; }
RequestHead RequestParser::takeHead() { return std::move(d->parser->head); }

std::int64_t RequestParser::bodyBytesSoFar() const
{
    return d->parser->body.size();
}

QByteArray RequestParser::takeBody()
{
    QByteArray body = std::move(d->parser->body);
    if (body.capacity() - body.size() < kBodyPadding)
        body.reserve(body.size() + kBodyPadding);
    return body;
}

// --- ResponseParser --------------------------------------------------------------------

struct ResponseParser::Impl {
    std::optional<BeastResponseParser> parser;
    bool headFinalised = false;
};

ResponseParser::ResponseParser() : d(std::make_unique<Impl>()) { reset(false); }
ResponseParser::~ResponseParser() = default;

void ResponseParser::reset(bool headRequest, std::uint64_t bodyLimitBytes)
{
    d->parser.emplace();
    d->parser->header_limit(64 * 1024);
    d->parser->body_limit(bodyLimitBytes);
    d->parser->skip(headRequest);
    d->headFinalised = false;
}

std::size_t ResponseParser::feed(const char *data, std::size_t size)
{
    BeastResponseParser &p = *d->parser;
    const std::size_t used = p.run(data, size, /*stopAtHead=*/false);
    if (!d->headFinalised && p.is_header_done() && p.state != ParseState::Error) {
        d->headFinalised = true;
        ResponseHead &h = p.head;
        h.headers = std::move(p.fields);
        h.keepAlive = p.keep_alive();
        h.chunked = p.chunked();
        if (auto len = p.content_length())
            h.contentLength = *len;
    }
    return used;
}

void ResponseParser::feedEof()
{
    BeastResponseParser &p = *d->parser;
    if (p.state != ParseState::NeedMore)
        return;
    if (!p.is_header_done()) {
        p.fail(bhttp::error::partial_message);
        return;
    }
    beast::error_code ec;
    p.put_eof(ec);
    if (ec)
        p.fail(ec);
    else
        p.state = ParseState::Complete;
}

ParseState ResponseParser::state() const { return d->parser->state; }
ParseError ResponseParser::error() const { return d->parser->error; }
QByteArray ResponseParser::errorMessage() const { return d->parser->errorMessage; }
bool ResponseParser::headDone() const { return d->headFinalised; }
const ResponseHead &ResponseParser::head() const { return d->parser->head; }
bool ResponseParser::hasBody() const { return !d->parser->body.isEmpty(); }

QByteArray ResponseParser::takeBody()
{
    return std::exchange(d->parser->body, QByteArray());
}

} // namespace sy::http
