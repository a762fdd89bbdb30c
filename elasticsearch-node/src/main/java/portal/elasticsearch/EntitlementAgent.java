package portal.elasticsearch;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;

/**
 * The Java agent that Elasticsearch attaches to itself at start-up to install its entitlement checks.
 *
 * <p>The official distribution ships this agent in lib/entitlement-agent/, but it is not published to
 * Maven Central, so the launcher builds this equivalent: Elasticsearch passes the name of its
 * initialisation class as the agent argument and the agent hands it the JVM's instrumentation.
 */
public final class EntitlementAgent {
    private EntitlementAgent() {}

    public static void agentmain(String initializationClass, Instrumentation instrumentation)
            throws ReflectiveOperationException {
        Class<?> initialization = Class.forName(initializationClass);
        try {
            initialization.getMethod("initialize", Instrumentation.class).invoke(null, instrumentation);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("entitlement initialisation failed", e.getCause());
        }
    }
}
