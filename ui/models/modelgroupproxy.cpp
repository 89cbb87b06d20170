#include "models/modelgroupproxy.h"

#include "models/modeltablemodel.h"

#include <QFont>

namespace sy::ui {

ModelGroupProxy::ModelGroupProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(ModelTableModel::SortRole);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setFilterKeyColumn(-1);
}

QString ModelGroupProxy::machine(int proxyRow) const
{
    return index(proxyRow, 0).data(ModelTableModel::MachineRole).toString();
}

bool ModelGroupProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QString a = left.data(ModelTableModel::MachineRole).toString();
    const QString b = right.data(ModelTableModel::MachineRole).toString();
    if (a != b) {
        // Groups keep their order in both directions (Qt reverses lessThan for descending).
        const bool groupFirst = a.isEmpty() || (!b.isEmpty() && a < b);
        return sortOrder() == Qt::AscendingOrder ? groupFirst : !groupFirst;
    }
    return QSortFilterProxyModel::lessThan(left, right);
}

QVariant ModelGroupProxy::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Vertical || section < 0 || section >= rowCount())
        return QSortFilterProxyModel::headerData(section, orientation, role);
    const QString here = machine(section);
    const bool startsGroup = section == 0 || machine(section - 1) != here;
    switch (role) {
    case Qt::DisplayRole:
        return startsGroup ? (here.isEmpty() ? tr("this machine") : here) : QString();
    case Qt::ToolTipRole:
        return here.isEmpty() ? tr("Models this Switchyard runs or reaches itself") : tr("Models of node \"%1\"").arg(here);
    case Qt::TextAlignmentRole:
        return int(Qt::AlignLeft | Qt::AlignTop);
    case Qt::FontRole: {
        QFont bold;
        bold.setBold(true);
        return startsGroup ? QVariant(bold) : QVariant();
    }
    default:
        return {};
    }
}

bool ModelGroupProxy::spansMachines() const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (!machine(row).isEmpty())
            return true;
    }
    return false;
}

} // namespace sy::ui
