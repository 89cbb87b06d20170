#pragma once
// The dashboard's order: the models of this machine first, then each node's models
// together (by node name), whichever column sorts and in which direction; within a group
// the column decides. The vertical header names the machine at the first row of each group
// ("this machine", "gpu1"), so a pool that spans machines reads as one block per machine.

#include <QSortFilterProxyModel>

namespace sy::ui {

class ModelGroupProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit ModelGroupProxy(QObject *parent = nullptr);

    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    // Whether any model shown is on another machine (the view shows the group labels then).
    bool spansMachines() const;

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString machine(int proxyRow) const;
};

} // namespace sy::ui
