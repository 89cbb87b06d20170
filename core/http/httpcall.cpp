#include "http/httpcall.h"

#include "http/upstreampool.h"

namespace sy::http {

void HttpCall::start(UpstreamPool &pool, UpstreamRequestSpec spec, QObject *context, Callback callback)
{
    auto *call = new HttpCall(context, std::move(callback));
    call->m_request = pool.start(std::move(spec), call);
}

void HttpCall::onUpstreamBody()
{
    m_result.body += m_request->takeBody();
}

void HttpCall::onUpstreamFinished()
{
    m_result.status = m_request->head().status;
    complete();
}

void HttpCall::onUpstreamFailed(const UpstreamError &error)
{
    m_result.error = error.message;
    complete();
}

void HttpCall::complete()
{
    if (m_context)
        m_callback(m_result);
    delete this; // the request calls its listener last, so this is safe (see UpstreamListener)
}

} // namespace sy::http
