#pragma once
// A one-off request whose whole response is wanted at once (control-plane calls such as
// Ollama's /api/ps). Owns itself; the callback runs only while `context` exists.

#include "http/upstreamrequest.h"

#include <QPointer>
#include <functional>
#include <memory>

namespace sy::http {

class UpstreamPool;

struct HttpCallResult {
    int status = 0;
    QByteArray body;
    QString error; // transport failure
    bool ok() const { return error.isEmpty() && status >= 200 && status < 300; }
};

class HttpCall final : private UpstreamListener {
public:
    using Callback = std::function<void(const HttpCallResult &)>;
    static void start(UpstreamPool &pool, UpstreamRequestSpec spec, QObject *context, Callback callback);

private:
    HttpCall(QObject *context, Callback callback) : m_context(context), m_callback(std::move(callback)) {}
    void onUpstreamHead() override {}
    void onUpstreamBody() override;
    void onUpstreamFinished() override;
    void onUpstreamFailed(const UpstreamError &error) override;
    void complete();

    QPointer<QObject> m_context;
    Callback m_callback;
    std::unique_ptr<UpstreamRequest> m_request;
    HttpCallResult m_result;
};

} // namespace sy::http
