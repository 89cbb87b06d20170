#pragma once
// Colours a log as it is shown: in Switchyard's own log ("14:03:07.512 warning [pool] ...")
// warnings orange, errors red, debug and trace grey; in any log, the marker lines between a
// model server's runs ("--- llama-server started, pid 4242 ---") bold.

#include <QSyntaxHighlighter>

namespace sy::ui {

class LogHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit LogHighlighter(QTextDocument *document);
    // Whether lines carry a level after their time (Switchyard's own log).
    void setLevels(bool levels);

protected:
    void highlightBlock(const QString &text) override;

private:
    bool m_levels = true;
};

} // namespace sy::ui
