// A Java system's client of `random-inspection serve` (docs/service.md): JDK 17 only, one file, run as
//
//     java RandomInspectionClient.java BASE_URL PLAN_ID ACTOR_FILE COLUMN=VALUE...
//
// e.g. java RandomInspectionClient.java http://127.0.0.1:8000 XC-2026-12 examples/actors/XC008.toml \
//          统一社会信用代码=91411002QGE7Q07X68 检查开始=2026-12-28 检查结束=2026-12-30 检查结果=1
//
// It reads a public endpoint (GET /ledger/head: no signature), then makes one signed write: the inspection of one
// row of results (COLUMN=VALUE: the results file's headers, docs/rosters.md) of plan PLAN_ID, recorded by the
// inspector of ACTOR_FILE (an actor file as `random-inspection keygen` writes it, with its Ed25519 key file beside
// it), who was on the subject's team. A write is two requests: POST .../results/prepare returns the digests to sign (entry hashes,
// chained from the ledger head) and the time they were made for; the client signs each digest's UTF-8 bytes with
// the actor's own key and POSTs the same body with that time and the signatures. The server holds no private key.
//
// The JDK signs Ed25519 (java.security.Signature "Ed25519") but not SM2: an SM2 actor signs with BouncyCastle
// instead (docs/service.md, "An SM2 actor"). JSON is written and read by hand here to keep to the JDK; a real
// client would use its JSON library.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class RandomInspectionClient {

    /** The DER prefix of a PKCS#8 Ed25519 private key (RFC 8410) before its 32-byte seed. */
    private static final String ED25519_PKCS8_PREFIX = "302e020100300506032b657004220420";

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    RandomInspectionClient(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** GET a public read: its JSON text. */
    String get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** POST a JSON body: the response (status and text). */
    HttpResponse<String> post(String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A signed write: prepare, sign each digest with the actor's key, submit. Returns the submit's response. */
    HttpResponse<String> signedWrite(String path, String fields, String actor, PrivateKey key) throws Exception {
        String body = "{" + fields + (fields.isEmpty() ? "" : ",") + "\"actor\":" + actor + "}";
        HttpResponse<String> prepared = post(path + "/prepare", body);
        if (prepared.statusCode() != 200) {
            throw new IllegalStateException("prepare: " + prepared.statusCode() + " " + prepared.body());
        }
        String text = prepared.body();
        if (!text.contains("\"refused\":null")) {
            throw new IllegalStateException("the action would be refused (signing records the refusal): " + text);
        }
        String preparedAt = stringField(text, "at");
        List<String> signatures = new ArrayList<>();
        for (String digest : stringArray(text, "digests")) {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(digest.getBytes(StandardCharsets.UTF_8));  // the entry hash's 64 hex digits, as text
            String signature = HexFormat.of().formatHex(signer.sign());
            signatures.add("{\"digest\":" + quote(digest) + ",\"signature\":" + quote(signature) + "}");
        }
        String submit = "{" + fields + (fields.isEmpty() ? "" : ",") + "\"actor\":" + actor
                + ",\"at\":" + quote(preparedAt) + ",\"signatures\":[" + String.join(",", signatures) + "]}";
        return post(path, submit);
    }

    /** The actor of an actor file (TOML: id, name, role, department, key) as the JSON a write names it by. */
    static Map<String, String> actorFile(Path file) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        Pattern line = Pattern.compile("^\\s*(\\w+)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
        for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher m = line.matcher(text);
            if (m.find()) {
                fields.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
        }
        return fields;
    }

    /** The Ed25519 private key of a key file (`ed25519 HEX_SEED`). */
    static PrivateKey ed25519Key(Path keyFile) throws Exception {
        String[] parts = Files.readString(keyFile, StandardCharsets.UTF_8).trim().split("\\s+");
        if (parts.length != 2 || !parts[0].equals("ed25519") || parts[1].length() != 64) {
            throw new IllegalArgumentException(keyFile + ": not an Ed25519 key file (an SM2 actor signs with "
                    + "BouncyCastle: docs/service.md)");
        }
        byte[] der = HexFormat.of().parseHex(ED25519_PKCS8_PREFIX + parts[1]);
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    static String stringField(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static List<String> stringArray(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\\[([^\\]]*)\\]").matcher(json);
        List<String> out = new ArrayList<>();
        if (m.find()) {
            Matcher item = Pattern.compile("\"([^\"]*)\"").matcher(m.group(1));
            while (item.find()) {
                out.add(item.group(1));
            }
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: java RandomInspectionClient.java BASE_URL PLAN_ID ACTOR_FILE COLUMN=VALUE...");
            System.exit(2);
        }
        RandomInspectionClient client = new RandomInspectionClient(args[0]);
        Path actorPath = Path.of(args[2]);
        Map<String, String> file = actorFile(actorPath);
        PrivateKey key = ed25519Key(actorPath.resolveSibling(file.get("key")));
        String actor = "{\"id\":" + quote(file.get("id")) + ",\"name\":" + quote(file.get("name"))
                + ",\"role\":" + quote(file.get("role")) + ",\"department\":" + quote(file.get("department")) + "}";

        List<String> cells = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(args[i] + " is not COLUMN=VALUE");
            }
            cells.add(quote(args[i].substring(0, eq)) + ":" + quote(args[i].substring(eq + 1)));
        }

        System.out.println("head before: " + client.get("/ledger/head"));
        HttpResponse<String> done = client.signedWrite("/plans/" + args[1] + "/results",
                "\"row\":{" + String.join(",", cells) + "}", actor, key);
        System.out.println("results: " + done.statusCode() + " " + done.body());
        System.out.println("head after: " + client.get("/ledger/head"));
        System.exit(done.statusCode() == 200 ? 0 : 1);
    }
}
