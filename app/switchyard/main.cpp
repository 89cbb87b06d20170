// switchyard: the router core on its own thread, with the control center window or headless.

#include "cli.h"
#include "corehost.h"
#include "util/log.h"
#include "util/paths.h"
#include "util/unixsignals.h"

#ifdef SWITCHYARD_HAVE_UI
#include "mainwindow.h"
#include <QApplication>
#endif
#include <QCoreApplication>
#include <cstdio>
#include <memory>

int main(int argc, char *argv[])
{
    sy::raiseFileDescriptorLimit();
    const bool headless = sy::app::wantsHeadless(argc, argv);
    std::unique_ptr<QCoreApplication> app;
#ifdef SWITCHYARD_HAVE_UI
    if (!headless)
        app = std::make_unique<QApplication>(argc, argv);
#endif
    if (!app)
        app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("switchyard"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SWITCHYARD_VERSION));

    const auto options = sy::app::parseCommandLine(QCoreApplication::arguments(), headless);
    if (!options)
        return 2;
    sy::log::Options logOptions;
    logOptions.level = *sy::log::parseLevel(options->logLevel);
    logOptions.filePath = sy::paths::defaultLogFile();
    sy::log::init(logOptions);

    // Before anything can announce itself: a SIGTERM right after must stop us in order.
    sy::UnixSignals signals;
    QObject::connect(&signals, &sy::UnixSignals::terminationRequested, app.get(), [] { QCoreApplication::quit(); });

    sy::CoreHost core(options->core);
    QString error;
    if (!core.start(&error)) {
        std::fprintf(stderr, "switchyard: %s\n", qPrintable(error));
        sy::log::shutdown();
        return 1;
    }
    std::printf("Switchyard %s listening on %s (OpenAI base URL %s/v1)\n", SWITCHYARD_VERSION,
                qPrintable(core.endpoint().toString()), qPrintable(core.endpoint().toString()));
    std::fflush(stdout);

#ifdef SWITCHYARD_HAVE_UI
    std::unique_ptr<sy::ui::MainWindow> window;
    if (!headless) {
        window = std::make_unique<sy::ui::MainWindow>(core.endpoint());
        window->show();
    }
#endif
    const int rc = app->exec();
#ifdef SWITCHYARD_HAVE_UI
    window.reset();
#endif
    core.stop();
    sy::log::shutdown();
    return rc;
}
