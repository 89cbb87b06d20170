#pragma once
// The command line's link to a running Switchyard: management API calls that wait for their
// answer, and what a failed answer means for the exit status.

#include "commands/corelocator.h"
#include "commands/exitcode.h"
#include "restclient.h"

namespace sy::app::commands {

struct Failure {
    ExitCode code = ExitCode::Failed;
    QString message;
};

class CoreConnection {
public:
    explicit CoreConnection(CoreAddress address);

    const CoreAddress &address() const { return m_address; }
    void setTimeout(std::chrono::milliseconds timeout) { m_client.setTimeout(timeout); }
    // Sends and waits for the answer (an event loop runs meanwhile).
    client::RestReply call(const QByteArray &method, const QString &path, const QByteArray &body = {});
    client::RestReply get(const QString &path) { return call("GET", path); }

    // Why a request failed, in words for the terminal, with the exit status it stands for.
    Failure failure(const client::RestReply &reply) const;

private:
    CoreAddress m_address;
    client::RestClient m_client;
};

} // namespace sy::app::commands
