package org.roofsweep.jobs.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks, before Spark starts, that the Spark master a run names can be used: a {@code local} form Spark knows, a
 * standalone {@code spark://HOST:PORT[,HOST:PORT]} of which one answers a TCP connection within
 * {@value #CONNECT_TIMEOUT_MS} ms, {@code yarn} with its configuration folder set, or a {@code k8s://} API server that
 * answers. Without this check an unreachable master ends Spark's start in a long stack trace.
 */
public final class MasterCheck {
    static final int CONNECT_TIMEOUT_MS = 3000;
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|\\d+)(,\\s*\\d+)?])?|local-cluster\\[.+]");

    private MasterCheck() {
    }

    /** Throws a {@link UserException} when {@code master} is malformed or no part of it answers. */
    public static void check(String master, Map<String, String> env) {
        if (LOCAL.matcher(master).matches()) {
            return;
        }
        if (master.equals("yarn")) {
            if (env.get("HADOOP_CONF_DIR") == null && env.get("YARN_CONF_DIR") == null) {
                throw new UserException("--master yarn: set HADOOP_CONF_DIR or YARN_CONF_DIR to the cluster's "
                        + "configuration folder");
            }
            return;
        }
        List<String[]> hosts = new ArrayList<>();
        if (master.startsWith("spark://")) {
            for (String hp : master.substring("spark://".length()).split(",")) {
                hosts.add(hostPort(master, hp, 7077));
            }
        } else if (master.startsWith("k8s://")) {
            URI api = URI.create(master.substring("k8s://".length()));
            String host = api.getHost();
            if (host == null) {
                throw malformed(master);
            }
            int port = api.getPort() > 0 ? api.getPort() : "http".equals(api.getScheme()) ? 80 : 443;
            hosts.add(new String[] {host, Integer.toString(port)});
        } else {
            throw malformed(master);
        }
        IOException last = null;
        for (String[] hp : hosts) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), CONNECT_TIMEOUT_MS);
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        String[] first = hosts.get(0);
        throw new UserException("--master " + master + ": cannot connect to " + first[0] + ":" + first[1]
                + (hosts.size() > 1 ? " (nor the other " + (hosts.size() - 1) + ")" : "") + " within "
                + CONNECT_TIMEOUT_MS + " ms: " + OutputCheck.firstLine(last) + "; is the master running?", last);
    }

    private static String[] hostPort(String master, String hp, int defaultPort) {
        int colon = hp.lastIndexOf(':');
        String host = colon < 0 ? hp : hp.substring(0, colon);
        String port = colon < 0 ? Integer.toString(defaultPort) : hp.substring(colon + 1);
        if (host.isEmpty() || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65_535) {
            throw malformed(master);
        }
        return new String[] {host, port};
    }

    private static UserException malformed(String master) {
        return new UserException("--master " + master + ": expected local, local[N], local[*], spark://HOST:PORT, "
                + "yarn or k8s://https://HOST:PORT");
    }
}
