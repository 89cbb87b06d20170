#include "views/dashboardview.h"

#include "client/corelink.h"
#include "models/modelgroupproxy.h"
#include "models/modeltablemodel.h"
#include "widgets/actionsdelegate.h"
#include "widgets/columnchooser.h"
#include "widgets/modelstatuspanel.h"
#include "widgets/modeldelegate.h"
#include "widgets/systempanel.h"

#include <QApplication>
#include <QClipboard>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace sy::ui {

DashboardView::DashboardView(CoreLink *link, ModelTableModel *models, QWidget *parent)
    : QWidget(parent), m_link(link), m_models(models), m_proxy(new ModelGroupProxy(this)), m_table(new QTableView(this)),
      m_filter(new QLineEdit(this)), m_load(new QToolButton(this)), m_unload(new QToolButton(this)), m_pin(new QToolButton(this)), m_unloadAll(new QToolButton(this)),
      m_status(new ModelStatusPanel(link, this)), m_system(new SystemPanel(this))
{
    m_proxy->setSourceModel(models);

    m_filter->setPlaceholderText(tr("Filter models (name, backend, state)…"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    const std::tuple<QToolButton *, const char *, QString> buttons[] = {
        {m_load, ":/icons/load.svg", tr("Load")}, {m_unload, ":/icons/unload.svg", tr("Unload")}, {m_pin, ":/icons/pin.svg", tr("Pin")},
        {m_unloadAll, ":/icons/unload.svg", tr("Unload all")}};
    for (const auto &[button, icon, text] : buttons) {
        button->setIcon(QIcon(QString::fromLatin1(icon)));
        button->setText(text);
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    }
    connect(m_load, &QToolButton::clicked, this, [this] { m_link->loadModel(selectedId()); });
    connect(m_unload, &QToolButton::clicked, this, [this] { unload(selectedId()); });
    connect(m_unloadAll, &QToolButton::clicked, this, &DashboardView::unloadAll);
    m_unloadAll->setToolTip(tr("Unload every loaded model this Switchyard can unload"));
    connect(m_pin, &QToolButton::clicked, this, [this] {
        const int row = m_models->rowOf(selectedId());
        m_link->pinModel(selectedId(), row >= 0 && !m_models->model(row).value(QLatin1String("pinned")).toBool());
    });

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_load);
    bar->addWidget(m_unload);
    bar->addWidget(m_pin);
    bar->addWidget(m_unloadAll);

    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->setTabKeyNavigation(false); // one Tab stop for the table, not one per cell; arrows move
    m_table->sortByColumn(ModelTableModel::Name, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    // The machine labels, only when the pool spans machines (nodes[]).
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignTop);
    const auto showMachines = [this] { m_table->verticalHeader()->setVisible(m_proxy->spansMachines()); };
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, showMachines);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, showMachines);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, showMachines);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, showMachines);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->setMouseTracking(true);
    auto *delegate = new ModelDelegate(m_table);
    m_table->setItemDelegateForColumn(ModelTableModel::State, delegate);
    m_table->setItemDelegateForColumn(ModelTableModel::Memory, delegate);
    auto *actions = new ActionsDelegate(m_table);
    m_table->setItemDelegateForColumn(ModelTableModel::Actions, actions);
    connect(actions, &ActionsDelegate::triggered, this, [this](const QString &id, ActionsDelegate::Action a) {
        if (a == ActionsDelegate::Load)
            m_link->loadModel(id);
        else if (a == ActionsDelegate::Unload)
            unload(id);
        else
            m_link->pinModel(id, !m_models->model(m_models->rowOf(id)).value(QLatin1String("pinned")).toBool());
    });
    QHeaderView *header = m_table->horizontalHeader();
    // Every column as wide as its content, in every language; in a narrow window the least
    // important columns step aside (ColumnChooser) rather than one being squeezed to nothing.
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_columns = new ColumnChooser(m_table, QStringLiteral("dashboard/hiddenColumns"), {ModelTableModel::Name},
                                  {ModelTableModel::Pid, ModelTableModel::Cooldown, ModelTableModel::Port, ModelTableModel::TokensPerS,
                                   ModelTableModel::Ttl, ModelTableModel::Backend},
                                  ModelTableModel::Memory);
    header->setHighlightSections(false);
    connect(m_table, &QTableView::customContextMenuRequested, this, &DashboardView::contextMenu);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &DashboardView::updateButtons);
    connect(m_models, &QAbstractItemModel::dataChanged, this, &DashboardView::updateButtons);
    connect(m_models, &QAbstractItemModel::modelReset, this, &DashboardView::updateButtons);
    connect(m_models, &ModelTableModel::modelFailed, this, [this](const QString &id) {
        m_latestFailure = id;
        updateStatus();
    });
    connect(m_status, &ModelStatusPanel::showLogsRequested, this, &DashboardView::showLogsRequested);
    connect(m_models, &ModelTableModel::systemChanged, m_system, &SystemPanel::showSystem);
    m_system->showSystem(m_models->system()); // the page may open after the snapshot

    auto *systemBox = new QGroupBox(tr("System"), this);
    auto *systemLayout = new QVBoxLayout(systemBox);
    systemLayout->addWidget(m_system);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
    layout->addWidget(systemBox);
    updateButtons();
}

void DashboardView::setFilter(const QString &text)
{
    m_filter->setText(text);
}

QString DashboardView::selectedId() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(ModelTableModel::IdRole).toString();
}

void DashboardView::updateButtons()
{
    const int row = m_models->rowOf(selectedId());
    const QJsonObject m = row >= 0 ? m_models->model(row) : QJsonObject();
    const QString state = m.value(QLatin1String("state")).toString();
    const bool controllable = ModelTableModel::isControllable(m);
    m_load->setEnabled(controllable && (state == QLatin1String("cold") || state == QLatin1String("failed")));
    m_unload->setEnabled(controllable && (state == QLatin1String("hot") || state == QLatin1String("busy") || state == QLatin1String("starting")));
    m_pin->setEnabled(controllable);
    m_pin->setText(m.value(QLatin1String("pinned")).toBool() ? tr("Unpin") : tr("Pin"));
    m_unloadAll->setEnabled(!unloadable().isEmpty());
    updateStatus();
}

void DashboardView::updateStatus()
{
    // One model, chosen first, then shown: the selected one, else the latest failure, else a load.
    int chosen = -1;
    for (const int row : {m_models->rowOf(selectedId()), m_models->rowOf(m_latestFailure)})
        if (chosen < 0 && row >= 0 && ModelStatusPanel::wants(m_models->model(row)))
            chosen = row;
    for (int row = 0; chosen < 0 && row < m_models->rowCount(); ++row)
        if (m_models->model(row).value(QLatin1String("state")).toString() == QLatin1String("starting") &&
            ModelStatusPanel::wants(m_models->model(row)))
            chosen = row;
    m_status->showModel(chosen >= 0 ? m_models->model(chosen) : QJsonObject(), chosen >= 0 ? m_models->elapsed(chosen, "loadingS") : -1);
}

bool DashboardView::confirmed(const QString &question)
{
    return !m_confirm || QMessageBox::question(this, tr("Unload"), question) == QMessageBox::Yes;
}

void DashboardView::unload(const QString &id)
{
    const int row = m_models->rowOf(id);
    // A pinned model is meant to stay: unloading it takes a second thought.
    if (row >= 0 && m_models->model(row).value(QLatin1String("pinned")).toBool() &&
        !confirmed(tr("\"%1\" is pinned. Unload it anyway?").arg(id)))
        return;
    m_link->unloadModel(id);
}

QStringList DashboardView::unloadable() const
{
    QStringList ids;
    for (int row = 0; row < m_models->rowCount(); ++row) {
        const QJsonObject m = m_models->model(row);
        const QString state = m.value(QLatin1String("state")).toString();
        if (ModelTableModel::isControllable(m) &&
            (state == QLatin1String("hot") || state == QLatin1String("busy") || state == QLatin1String("starting")))
            ids << m.value(QLatin1String("id")).toString();
    }
    return ids;
}

void DashboardView::unloadAll()
{
    const QStringList ids = unloadable();
    if (ids.isEmpty())
        return;
    int pinned = 0;
    for (const QString &id : ids)
        pinned += m_models->model(m_models->rowOf(id)).value(QLatin1String("pinned")).toBool() ? 1 : 0;
    const QString question = pinned ? tr("Unload %n model(s), %1 of them pinned?", nullptr, int(ids.size())).arg(pinned)
                                    : tr("Unload %n model(s)?", nullptr, int(ids.size()));
    if (!confirmed(question))
        return;
    for (const QString &id : ids)
        m_link->unloadModel(id);
}

void DashboardView::contextMenu(const QPoint &pos)
{
    const QModelIndex index = m_table->indexAt(pos);
    if (!index.isValid())
        return;
    const QString id = index.data(ModelTableModel::IdRole).toString();
    const QJsonObject m = m_models->model(m_models->rowOf(id));
    const bool controllable = ModelTableModel::isControllable(m);
    const bool pinned = m.value(QLatin1String("pinned")).toBool();
    QMenu menu(this);
    menu.addAction(QIcon(QStringLiteral(":/icons/load.svg")), tr("Load"), this, [this, id] { m_link->loadModel(id); })->setEnabled(controllable);
    menu.addAction(QIcon(QStringLiteral(":/icons/unload.svg")), tr("Unload"), this, [this, id] { unload(id); })->setEnabled(controllable);
    menu.addAction(QIcon(QStringLiteral(":/icons/pin.svg")), pinned ? tr("Unpin") : tr("Pin"), this, [this, id, pinned] { m_link->pinModel(id, !pinned); })
        ->setEnabled(controllable);
    menu.addAction(tr("Reset cooldown"), this, [this, id] { m_link->resetCooldown(id); })
        ->setEnabled(m.value(QLatin1String("cooldownRemainingS")).isDouble());
    menu.addSeparator();
    menu.addAction(tr("Show logs"), this, [this, id] { Q_EMIT showLogsRequested(id); });
    menu.addAction(tr("Copy name"), this, [id] { QApplication::clipboard()->setText(id); });
    menu.exec(m_table->viewport()->mapToGlobal(pos));
}

} // namespace sy::ui
