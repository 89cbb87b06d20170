#pragma once
// RAM and GPU memory in use against the total, and what the models take against the
// pool's memory budget, from the feed's system object.

#include <QJsonObject>
#include <QWidget>

class QLabel;
class QProgressBar;

namespace sy::ui {

class SystemPanel : public QWidget {
    Q_OBJECT
public:
    explicit SystemPanel(QWidget *parent = nullptr);
    void showSystem(const QJsonObject &system);

private:
    QProgressBar *m_ram;
    QProgressBar *m_models;
    QProgressBar *m_gpu;
    QLabel *m_gpuLabel;
    QLabel *m_summary;
};

} // namespace sy::ui
