package io.caravan.egress.pools;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.config.ConfigFileException;
import io.caravan.config.YamlFile;
import org.xbill.DNS.Address;

/**
 * The egress layout ({@code config/egress.yaml}): regions → pools → sources, and per region
 * which pool each traffic class takes. Every node knows its region and uses only that region's
 * pools. The file is checked as a whole and every mistake is reported with its path, because a
 * half-valid layout would send mail from the wrong addresses.
 */
public final class EgressConfig {

    private final String source;
    private final Map<String, Region> regions;

    private EgressConfig(String source, Map<String, Region> regions) {
        this.source = source;
        this.regions = Map.copyOf(regions);
    }

    public static EgressConfig load(Path file) {
        return from(YamlFile.read(file));
    }

    public static EgressConfig parse(String source, String yaml) {
        return from(YamlFile.parse(source, yaml));
    }

    public Map<String, Region> regions() {
        return regions;
    }

    /** The node's region; an unknown name is a configuration error naming the known ones. */
    public Region region(String name) {
        Region r = regions.get(name);
        if (r == null) {
            throw new ConfigFileException(source, "regions", "no region \"" + name + "\" (caravan.node.region); known: "
                    + String.join(", ", regions.keySet().stream().sorted().toList()));
        }
        return r;
    }

    /** Checks that every region has a pool for every declared class (directly or through "*"). */
    public void checkClasses(Set<String> classes) {
        List<String> problems = new ArrayList<>();
        for (Region r : regions.values()) {
            for (String c : classes.stream().sorted().toList()) {
                if (!r.servesClass(c)) {
                    problems.add("regions." + r.name() + ".classes: no pool for class \"" + c + "\" and no \"*\" entry");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigFileException(source, problems);
        }
    }

    private static EgressConfig from(YamlFile file) {
        file.onlyKnown(file.root(), "", "regions");
        Map<String, Region> regions = new LinkedHashMap<>();
        Set<String> sourceNames = new HashSet<>();
        List<Map.Entry<String, JsonNode>> regionNodes = file.fields(file.root().get("regions"), "regions");
        if (regionNodes.isEmpty()) {
            file.problem("regions", "declare at least one region");
        }
        for (Map.Entry<String, JsonNode> r : regionNodes) {
            String path = "regions." + r.getKey();
            file.onlyKnown(r.getValue(), path, "pools", "classes");
            Map<String, Pool> pools = new LinkedHashMap<>();
            List<Map.Entry<String, JsonNode>> poolNodes = file.fields(r.getValue().get("pools"), path + ".pools");
            if (poolNodes.isEmpty()) {
                file.problem(path + ".pools", "declare at least one pool");
            }
            for (Map.Entry<String, JsonNode> p : poolNodes) {
                pools.put(p.getKey(), pool(file, p.getKey(), p.getValue(), path + ".pools." + p.getKey(), sourceNames));
            }
            Map<String, Region.ClassPools> classes = new HashMap<>();
            List<Map.Entry<String, JsonNode>> classNodes = file.fields(r.getValue().get("classes"), path + ".classes");
            if (classNodes.isEmpty()) {
                file.problem(path + ".classes", "map at least one class (or \"*\") to a pool");
            }
            for (Map.Entry<String, JsonNode> c : classNodes) {
                classes.put(c.getKey(), classPools(file, c.getValue(), path + ".classes." + c.getKey(), pools.keySet()));
            }
            regions.put(r.getKey(), new Region(r.getKey(), pools, classes));
        }
        file.check();
        return new EgressConfig(file.source(), regions);
    }

    private static Pool pool(YamlFile file, String name, JsonNode node, String path, Set<String> sourceNames) {
        file.onlyKnown(node, path, "sources");
        List<EgressSource> sources = new ArrayList<>();
        List<JsonNode> items = file.list(node.get("sources"), path + ".sources");
        if (items.isEmpty()) {
            file.problem(path + ".sources", "a pool needs at least one source");
        }
        for (int i = 0; i < items.size(); i++) {
            String p = path + ".sources[" + i + "]";
            JsonNode s = items.get(i);
            file.onlyKnown(s, p, "name", "bind", "ehlo", "weight");
            String sourceName = file.text(s.get("name"), p + ".name");
            if (sourceName != null && !sourceNames.add(sourceName)) {
                file.problem(p + ".name", "source name \"" + sourceName + "\" is used twice");
            }
            InetAddress bind = address(file, s.get("bind"), p + ".bind");
            String ehlo = file.text(s.get("ehlo"), p + ".ehlo");
            if (ehlo != null && !ehlo.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+")) {
                file.problem(p + ".ehlo", "not a fully qualified host name: \"" + ehlo + "\"");
            }
            int weight = 1;
            if (s.has("weight")) {
                weight = s.get("weight").canConvertToInt() && s.get("weight").isIntegralNumber() ? s.get("weight").asInt() : 0;
                if (weight < 1) {
                    file.problem(p + ".weight", "expected a whole number of at least 1");
                }
            }
            sources.add(new EgressSource(sourceName, bind, ehlo, weight));
        }
        return new Pool(name, sources);
    }

    private static InetAddress address(YamlFile file, JsonNode node, String path) {
        String text = file.text(node, path);
        if (text == null) {
            return null;
        }
        try {
            return Address.getByAddress(text); // a literal only: a bind address is never looked up in DNS
        } catch (UnknownHostException e) {
            file.problem(path, "not an IP address: \"" + text + "\"");
            return null;
        }
    }

    private static Region.ClassPools classPools(YamlFile file, JsonNode node, String path, Set<String> pools) {
        file.onlyKnown(node, path, "pool", "fallback");
        String pool = file.text(node.get("pool"), path + ".pool");
        if (pool != null && !pools.contains(pool)) {
            file.problem(path + ".pool", "unknown pool \"" + pool + "\"");
        }
        List<String> fallback = new ArrayList<>();
        List<JsonNode> items = file.list(node.get("fallback"), path + ".fallback");
        for (int i = 0; i < items.size(); i++) {
            String f = items.get(i).asText();
            String p = path + ".fallback[" + i + "]";
            if (!pools.contains(f)) {
                file.problem(p, "unknown pool \"" + f + "\" (fallbacks stay in the same region)");
            } else if (f.equals(pool) || fallback.contains(f)) {
                file.problem(p, "pool \"" + f + "\" is already in the list");
            }
            fallback.add(f);
        }
        return new Region.ClassPools(pool, fallback);
    }
}
