#pragma once
// Which columns of a table show. The operator chooses with a right-click on the header (a
// menu of the columns, remembered across runs in QSettings under `settingsKey`); and when
// the window is too narrow for the chosen ones, the least important (`dropFirst`, in
// order) step aside until it is wide enough again, so the row's name and its actions stay
// in view rather than behind a scrollbar or squeezed to nothing.

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>

class QTableView;

namespace sy::ui {

class ColumnChooser : public QObject {
    Q_OBJECT
public:
    // Columns in `alwaysShown` are not offered in the menu (the name a row is known by).
    // `stretch`: the column that takes the spare width while everything fits (-1: none).
    ColumnChooser(QTableView *table, QString settingsKey, QList<int> alwaysShown, QList<int> dropFirst, int stretch = -1);
    bool isChosen(int column) const { return !m_unchosen.contains(column); }
    void setChosen(int column, bool shown);
    // Columns set aside for lack of width right now.
    QList<int> setAside() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void menu(const QPoint &pos);
    void fit();
    int wantedWidth(int column) const;

    QTableView *m_table;
    QString m_settingsKey;
    QList<int> m_alwaysShown;
    QList<int> m_dropFirst;
    int m_stretch;
    QSet<int> m_unchosen;
    mutable QHash<int, int> m_shownWidth; // column -> its width when last shown
    bool m_fitting = false;
};

} // namespace sy::ui
