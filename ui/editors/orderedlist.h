#pragma once
// An ordered list of model names (primary first): reordered by drag and drop or with the
// up/down buttons (keyboard), names added from a catalog picker, removed.

#include <QStringList>
#include <QWidget>

class QComboBox;
class QListWidget;
class QPushButton;

namespace sy::ui {

class OrderedList : public QWidget {
    Q_OBJECT
public:
    explicit OrderedList(QWidget *parent = nullptr);

    void setItems(const QStringList &items);
    QStringList items() const;
    void setCatalog(const QStringList &names); // what the picker offers
    QListWidget *list() const { return m_list; }

Q_SIGNALS:
    void changed(const QStringList &items);

private:
    void move(int by);
    void emitChanged();

    QListWidget *m_list;
    QComboBox *m_picker;
    QPushButton *m_add;
    QPushButton *m_remove;
    QPushButton *m_up;
    QPushButton *m_down;
    bool m_filling = false;
};

} // namespace sy::ui
