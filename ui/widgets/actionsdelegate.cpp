#include "widgets/actionsdelegate.h"

#include "models/modeltablemodel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHelpEvent>
#include <QIcon>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

namespace sy::ui {
namespace {

constexpr int kButton = 22;
constexpr int kGap = 4;

const char *const kIcons[] = {":/icons/load.svg", ":/icons/unload.svg", ":/icons/pin.svg"};

} // namespace

QString ActionsDelegate::actionName(Action action, bool pinned)
{
    switch (action) {
    case Load: return tr("Load");
    case Unload: return tr("Unload");
    case Pin: return pinned ? tr("Unpin") : tr("Pin");
    default: return {};
    }
}

QRect ActionsDelegate::buttonRect(const QRect &cell, int action)
{
    return {cell.left() + kGap + action * (kButton + kGap), cell.center().y() - kButton / 2, kButton, kButton};
}

bool ActionsDelegate::enabled(const QModelIndex &index, int action)
{
    if (!index.data(ModelTableModel::ControllableRole).toBool())
        return false;
    const QString state = index.data(ModelTableModel::StateRole).toString();
    switch (action) {
    case Load: return state == QLatin1String("cold") || state == QLatin1String("failed");
    case Unload: return state == QLatin1String("hot") || state == QLatin1String("busy") || state == QLatin1String("starting");
    case Pin: return true;
    default: return false;
    }
}

void ActionsDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    QApplication::style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
    const bool pinned = index.data(ModelTableModel::PinnedRole).toBool();
    for (int a = 0; a < ActionCount; ++a) {
        const QRect r = buttonRect(option.rect, a);
        const bool on = enabled(index, a);
        QIcon icon(QString::fromLatin1(kIcons[a]));
        if (a == Pin && pinned) // pinned: the button shows it is on
            painter->fillRect(r, option.palette.color(QPalette::Midlight));
        icon.paint(painter, r.adjusted(3, 3, -3, -3), Qt::AlignCenter, on ? QIcon::Normal : QIcon::Disabled);
    }
}

QSize ActionsDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    Q_UNUSED(index);
    return {kGap + ActionCount * (kButton + kGap), std::max(kButton + 4, option.fontMetrics.height() + 12)};
}

bool ActionsDelegate::editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option, const QModelIndex &index)
{
    Q_UNUSED(model);
    if (event->type() != QEvent::MouseButtonRelease)
        return false;
    const auto *mouse = static_cast<QMouseEvent *>(event);
    for (int a = 0; a < ActionCount; ++a) {
        if (buttonRect(option.rect, a).contains(mouse->position().toPoint()) && enabled(index, a)) {
            Q_EMIT triggered(index.data(ModelTableModel::IdRole).toString(), Action(a));
            return true;
        }
    }
    return false;
}

bool ActionsDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option, const QModelIndex &index)
{
    for (int a = 0; a < ActionCount; ++a) {
        if (buttonRect(option.rect, a).contains(event->pos())) {
            QToolTip::showText(event->globalPos(), actionName(Action(a), index.data(ModelTableModel::PinnedRole).toBool()), view);
            return true;
        }
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}

} // namespace sy::ui
