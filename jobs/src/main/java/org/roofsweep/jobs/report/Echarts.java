package org.roofsweep.jobs.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Properties;

/**
 * The page's charting library and the small runtime that draws the report's charts with it. Apache ECharts comes
 * from its WebJar ({@code org.webjars.npm:echarts}) on the classpath and is inlined, so the single HTML file opens
 * offline. Both scripts are inlined as base64 {@code data:} URIs: the page stays well-formed XML whatever characters
 * the minified library holds.
 */
final class Echarts {
    private static final String POM = "META-INF/maven/org.webjars.npm/echarts/pom.properties";
    private static final String LIBRARY = "META-INF/resources/webjars/echarts/%s/dist/echarts.min.js";
    private static final String RUNTIME = "report/charts.js";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Echarts() {
    }

    /** The version of the ECharts WebJar on the classpath, from its Maven metadata. */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = resource(POM)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    /** The two script elements: the library, then the runtime that draws every {@code div.chart} of the page. */
    static String scripts() {
        return script(LIBRARY.formatted(version())) + script(RUNTIME);
    }

    /**
     * {@code value} as JSON that can sit in a {@code <script type="application/json">} of an XML page: {@code <},
     * {@code >} and {@code &} occur only inside JSON strings, where {@code \}{@code u003c} etc. mean the same.
     */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value).replace("<", "\\u003c").replace(">", "\\u003e")
                    .replace("&", "\\u0026");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("chart data is not serialisable: " + e.getMessage(), e);
        }
    }

    private static String script(String path) {
        try (InputStream in = resource(path)) {
            return "<script src=\"data:text/javascript;base64," + Base64.getEncoder().encodeToString(in.readAllBytes())
                    + "\"></script>\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String path) {
        InputStream in = Echarts.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException(path + " is not on the classpath (the org.webjars.npm:echarts WebJar and "
                    + "the jobs module's resources belong there)");
        }
        return in;
    }
}
