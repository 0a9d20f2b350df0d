package io.caravan.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.caravan.app.RoleCheck;
import io.caravan.config.Settings;
import io.caravan.testing.TestNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the compose file and the Kubernetes manifests share: YAML as the engines read it, and the jar's checks. */
final class Deployments {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Deployments() {
    }

    static JsonNode read(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a multi-document YAML file, as kubectl reads it. */
    static List<JsonNode> readAll(Path file) {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            var values = YAML.readValues(parser, JsonNode.class);
            while (values.hasNext()) {
                JsonNode doc = values.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /**
     * The role the start accepts with this environment over the shipped config/ with these files put in place
     * (the files a service mounts over the image's), or the start's own error.
     */
    static String role(Map<String, String> env, Map<String, Path> mounted, Path dir) {
        try {
            Path config = dir.resolve("config");
            if (!Files.exists(config)) {
                TestNode.copyTree(Path.of("config"), config);
            }
            for (Map.Entry<String, Path> file : mounted.entrySet()) {
                Files.copy(file.getValue(), config.resolve(file.getKey()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return RoleCheck.check(Settings.load(config, dir.resolve("data"), env, new Properties()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Pattern FAILOVER = Pattern.compile("\\((.*)\\)(\\?.*)?");

    /** host:port of each broker a URL names: tcp://h:p, or the failover form (tcp://a:p,tcp://b:p)?ha=true. */
    static List<String> brokers(String url) {
        Matcher failover = FAILOVER.matcher(url);
        String list = failover.matches() ? failover.group(1) : url;
        List<String> hosts = new ArrayList<>();
        for (String one : list.split(",")) {
            URI uri = URI.create(one.strip());
            assertEquals("tcp", uri.getScheme(), url);
            assertTrue(uri.getPort() > 0, url);
            hosts.add(uri.getHost() + ":" + uri.getPort());
        }
        return hosts;
    }
}
