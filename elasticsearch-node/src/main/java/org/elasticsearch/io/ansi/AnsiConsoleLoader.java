package org.elasticsearch.io.ansi;

import java.util.function.Supplier;

import org.elasticsearch.bootstrap.ConsoleLoader.Console;

/**
 * Stands in for the distribution's lib/tools/ansi-console (jANSI colours on a terminal), which is
 * not published to Maven Central. The server looks this class up by name at start-up; the node
 * runs daemonized with its output in log files, so there is no console to offer.
 */
public final class AnsiConsoleLoader implements Supplier<Console> {
    @Override
    public Console get() {
        return null;
    }
}
