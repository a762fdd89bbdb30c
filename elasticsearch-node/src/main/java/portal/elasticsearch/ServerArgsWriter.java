package portal.elasticsearch;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.elasticsearch.bootstrap.ServerArgs;
import org.elasticsearch.common.io.stream.OutputStreamStreamOutput;
import org.elasticsearch.common.settings.KeyStoreWrapper;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.InternalSettingsPreparer;

/**
 * Writes the start-up arguments an Elasticsearch 8 server reads from its standard input.
 *
 * <p>The official command-line launcher (server-cli, not published to Maven Central) merges
 * elasticsearch.yml with -E overrides and streams the result to the server process. This does the
 * same into a file, with daemonize on, so the server reads its arguments once and needs no parent
 * process afterwards.
 *
 * <p>Usage: ServerArgsWriter OUTPUT CONFIG_DIR LOGS_DIR [key=value ...]
 */
public final class ServerArgsWriter {
    private ServerArgsWriter() {}

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args[0]);
        Path configDir = Path.of(args[1]).toAbsolutePath();
        Path logsDir = Path.of(args[2]).toAbsolutePath();
        Map<String, String> overrides = new HashMap<>();
        for (int i = 3; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            overrides.put(args[i].substring(0, equals), args[i].substring(equals + 1));
        }
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            Settings.EMPTY, overrides, configDir, () -> "portal-es"
        );
        ServerArgs serverArgs = new ServerArgs(
            true, false, null, KeyStoreWrapper.create(), environment.settings(), configDir, logsDir
        );
        try (OutputStream file = Files.newOutputStream(output);
             OutputStreamStreamOutput stream = new OutputStreamStreamOutput(file)) {
            serverArgs.writeTo(stream);
        }
    }
}
