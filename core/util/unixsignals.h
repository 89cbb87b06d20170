#pragma once
// SIGINT / SIGTERM / SIGHUP delivered to the Qt event loop (self-pipe + QSocketNotifier),
// so a signal leads to an orderly shutdown instead of an abrupt exit.

#include <QObject>

class QSocketNotifier;

namespace sy {

class UnixSignals : public QObject {
    Q_OBJECT
public:
    // Installs handlers for SIGINT, SIGTERM and SIGHUP; one instance per process.
    explicit UnixSignals(QObject *parent = nullptr);
    ~UnixSignals() override;

Q_SIGNALS:
    void terminationRequested(int signal);

private:
    QSocketNotifier *m_notifier = nullptr;
};

// Raises the soft open-file limit to the hard limit (a proxy holds two sockets per stream).
void raiseFileDescriptorLimit();

} // namespace sy
