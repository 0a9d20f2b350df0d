package io.caravan.egress.tlsrpt;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code _smtp._tls.<domain>} TXT record of RFC 8460 §3: {@code v=TLSRPTv1; rua=mailto:a@b,https://...}.
 * Only {@code mailto:} addresses are taken; {@code https:} submission is not done.
 */
public final class RuaRecord {

    private RuaRecord() {
    }

    /**
     * The mailto addresses of the one TLSRPTv1 record among {@code texts}; none when there is no such record or
     * more than one (RFC 8460 §3: then no report is sent).
     */
    public static List<String> mailto(List<String> texts) {
        List<String> records = texts.stream().filter(t -> t.startsWith("v=TLSRPTv1")).toList();
        if (records.size() != 1) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        String[] fields = records.get(0).split(";");
        if (!fields[0].trim().equals("v=TLSRPTv1")) {
            return List.of();
        }
        for (String field : fields) {
            String f = field.trim();
            int eq = f.indexOf('=');
            if (eq < 0 || !f.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("rua")) {
                continue;
            }
            for (String uri : f.substring(eq + 1).split(",")) {
                String u = uri.trim();
                if (u.regionMatches(true, 0, "mailto:", 0, 7)) {
                    String address = u.substring(7);
                    int query = address.indexOf('?');
                    address = URLDecoder.decode(query < 0 ? address : address.substring(0, query),
                            StandardCharsets.UTF_8);
                    if (address.indexOf('@') > 0 && !address.contains(" ")) {
                        out.add(address);
                    }
                }
            }
        }
        return out;
    }
}
