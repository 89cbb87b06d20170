#pragma once
// The main window. It talks to the core only over HTTP, exactly as a window attached to a
// remote headless Switchyard would.

#include <QMainWindow>
#include <QUrl>

class QLabel;
class QNetworkAccessManager;
class QTableWidget;

namespace sy::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QUrl endpoint, QWidget *parent = nullptr);

    // Re-reads the model list from the endpoint.
    void refresh();

private:
    QUrl m_endpoint;
    QNetworkAccessManager *m_network;
    QLabel *m_endpointLabel;
    QLabel *m_status;
    QTableWidget *m_models;
};

} // namespace sy::ui
