#pragma once
// The models table's last column: load, unload and pin buttons drawn in each row (a
// managed or Ollama model only), clicked like buttons.

#include <QStyledItemDelegate>

namespace sy::ui {

class ActionsDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    enum Action { Load, Unload, Pin, ActionCount };
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option, const QModelIndex &index) override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option, const QModelIndex &index) override;

    static QString actionName(Action action, bool pinned);

Q_SIGNALS:
    void triggered(const QString &modelId, sy::ui::ActionsDelegate::Action action);

private:
    static QRect buttonRect(const QRect &cell, int action);
    static bool enabled(const QModelIndex &index, int action);
};

} // namespace sy::ui
