#include "mainwindow.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QStatusBar>
#include <QTableWidget>
#include <QVBoxLayout>

namespace sy::ui {

MainWindow::MainWindow(QUrl endpoint, QWidget *parent)
    : QMainWindow(parent), m_endpoint(std::move(endpoint)), m_network(new QNetworkAccessManager(this))
{
    setWindowTitle(tr("Switchyard"));
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);

    auto *header = new QHBoxLayout;
    const QString base = m_endpoint.toString() + QStringLiteral("/v1");
    m_endpointLabel = new QLabel(tr("OpenAI-compatible endpoint: <b>%1</b>").arg(base), central);
    m_endpointLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *copy = new QPushButton(tr("Copy URL"), central);
    connect(copy, &QPushButton::clicked, this, [base] { QGuiApplication::clipboard()->setText(base); });
    auto *reload = new QPushButton(tr("Refresh"), central);
    connect(reload, &QPushButton::clicked, this, &MainWindow::refresh);
    header->addWidget(m_endpointLabel, 1);
    header->addWidget(copy);
    header->addWidget(reload);
    layout->addLayout(header);

    m_models = new QTableWidget(0, 2, central);
    m_models->setHorizontalHeaderLabels({tr("Model"), tr("Backend")});
    m_models->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_models->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_models->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_models->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_models->verticalHeader()->hide();
    layout->addWidget(m_models, 1);

    m_status = new QLabel(central);
    statusBar()->addWidget(m_status, 1);
    setCentralWidget(central);
    resize(760, 460);
    refresh();
}

void MainWindow::refresh()
{
    QNetworkRequest request(m_endpoint.resolved(QUrl(QStringLiteral("/v1/models"))));
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (reply->error() != QNetworkReply::NoError) {
            m_status->setText(tr("Router unreachable: %1").arg(reply->errorString()));
            return;
        }
        const QJsonArray data = QJsonDocument::fromJson(reply->readAll()).object().value(QLatin1String("data")).toArray();
        m_models->setRowCount(int(data.size()));
        for (int row = 0; row < data.size(); ++row) {
            const QJsonObject model = data[row].toObject();
            m_models->setItem(row, 0, new QTableWidgetItem(model.value(QLatin1String("id")).toString()));
            m_models->setItem(row, 1, new QTableWidgetItem(model.value(QLatin1String("owned_by")).toString()));
        }
        m_status->setText(tr("Router running — %n model(s) configured", nullptr, int(data.size())));
    });
}

} // namespace sy::ui
