#include "testhttpclient.h"

#include "http/parser.h"

#include <QElapsedTimer>
#include <QJsonDocument>

namespace sy::test {

struct TestHttpClient::ParserState {
    http::ResponseParser parser;
    QByteArray buffer;
    QElapsedTimer clock;
    bool headSeen = false;
};

QJsonObject TestResponse::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QByteArrayList TestResponse::sseData() const
{
    QByteArrayList out;
    for (const QByteArray &line : body.split('\n')) {
        if (line.startsWith("data: "))
            out << line.mid(6).trimmed();
    }
    return out;
}

TestHttpClient::TestHttpClient(quint16 port, QString host) : m_port(port), m_host(std::move(host)) {}

TestHttpClient::~TestHttpClient() = default;

bool TestHttpClient::isConnected() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

bool TestHttpClient::ensureConnected()
{
    if (isConnected())
        return true;
    m_socket = std::make_unique<QTcpSocket>();
    m_socket->connectToHost(m_host, m_port);
    if (!m_socket->waitForConnected(5000))
        return false;
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    ++m_connectionsOpened;
    return true;
}

void TestHttpClient::disconnect()
{
    if (m_socket)
        m_socket->abort();
    m_socket.reset();
}

bool TestHttpClient::startRequest(const QByteArray &method, const QByteArray &path, const QByteArray &body,
                                  const http::Headers &headers)
{
    if (!ensureConnected())
        return false;
    QByteArray out = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_port) + "\r\n";
    headers.appendTo(out);
    if (!body.isEmpty() || method == "POST")
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "\r\n" + body;
    m_socket->write(out);
    m_socket->flush();
    m_state = std::make_unique<ParserState>();
    m_state->parser.reset(method == "HEAD");
    m_state->clock.start();
    return true;
}

bool TestHttpClient::drain(TestResponse &response)
{
    ParserState &s = *m_state;
    bool progressed = false;
    if (!s.buffer.isEmpty()) {
        const std::size_t used = s.parser.feed(s.buffer.constData(), std::size_t(s.buffer.size()));
        s.buffer.remove(0, qsizetype(used));
    }
    if (s.parser.headDone() && !s.headSeen) {
        s.headSeen = true;
        response.status = s.parser.head().status;
        response.headers = s.parser.head().headers;
        progressed = true;
    }
    if (s.parser.hasBody()) {
        const QByteArray data = s.parser.takeBody();
        response.body += data;
        response.pieces.push_back({s.clock.elapsed(), data});
        progressed = true;
    }
    return progressed;
}

bool TestHttpClient::pump(TestResponse &response, int timeoutMs, bool untilComplete)
{
    QElapsedTimer timer;
    timer.start();
    ParserState &s = *m_state;
    for (;;) {
        const bool progressed = drain(response);
        if (s.parser.state() == http::ParseState::Complete) {
            response.complete = true;
            return false;
        }
        if (s.parser.state() == http::ParseState::Error) {
            response.error = QString::fromUtf8(s.parser.errorMessage());
            return false;
        }
        if (progressed && !untilComplete)
            return true;
        const int left = timeoutMs - int(timer.elapsed());
        if (left <= 0) {
            if (untilComplete)
                response.error = QStringLiteral("timed out");
            return !untilComplete;
        }
        if (m_socket->bytesAvailable() == 0 && !m_socket->waitForReadyRead(left)) {
            if (m_socket->state() == QAbstractSocket::ConnectedState)
                continue; // re-check the time left
            s.buffer += m_socket->readAll();
            drain(response);
            if (s.parser.state() == http::ParseState::NeedMore) {
                s.parser.feedEof();
                drain(response);
            }
            response.complete = s.parser.state() == http::ParseState::Complete;
            if (!response.complete)
                response.error = QStringLiteral("connection closed");
            return false;
        }
        s.buffer += m_socket->readAll();
    }
}

bool TestHttpClient::waitForHead(TestResponse &response, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!m_state->headSeen && timer.elapsed() < timeoutMs) {
        if (!pump(response, std::max(1, timeoutMs - int(timer.elapsed())), false))
            break;
    }
    return m_state->headSeen;
}

bool TestHttpClient::readSome(TestResponse &response, int timeoutMs)
{
    return pump(response, timeoutMs, false);
}

TestResponse TestHttpClient::request(const QByteArray &method, const QByteArray &path, const QByteArray &body,
                                     const http::Headers &headers, int timeoutMs)
{
    TestResponse response;
    if (!startRequest(method, path, body, headers)) {
        response.error = QStringLiteral("cannot connect");
        return response;
    }
    pump(response, timeoutMs, true);
    if (response.complete && response.headers.hasToken("connection", "close"))
        disconnect();
    return response;
}

TestResponse TestHttpClient::postJson(const QByteArray &path, const QByteArray &json, const http::Headers &headers,
                                      int timeoutMs)
{
    http::Headers h = headers;
    if (!h.has("content-type"))
        h.add("Content-Type", "application/json");
    return request("POST", path, json, h, timeoutMs);
}

QByteArray TestHttpClient::takeLeftover()
{
    QByteArray out = m_state ? std::exchange(m_state->buffer, QByteArray()) : QByteArray();
    if (m_socket)
        out += m_socket->readAll();
    return out;
}

TestResponse TestHttpClient::next(int timeoutMs)
{
    TestResponse response;
    QByteArray leftover = m_state ? m_state->buffer : QByteArray();
    m_state = std::make_unique<ParserState>();
    m_state->buffer = leftover;
    m_state->clock.start();
    pump(response, timeoutMs, true);
    return response;
}

TestResponse TestHttpClient::raw(const QByteArray &bytes, int timeoutMs, bool headRequest)
{
    TestResponse response;
    if (!ensureConnected()) {
        response.error = QStringLiteral("cannot connect");
        return response;
    }
    m_socket->write(bytes);
    m_socket->flush();
    m_state = std::make_unique<ParserState>();
    m_state->parser.reset(headRequest);
    m_state->clock.start();
    pump(response, timeoutMs, true);
    return response;
}

} // namespace sy::test
