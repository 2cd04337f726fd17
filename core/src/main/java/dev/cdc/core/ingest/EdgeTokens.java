package dev.cdc.core.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cdc.core.CdcFormatException;
import dev.cdc.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Per-edge bearer tokens, kept as SHA-256 hashes in a JSON file
 * ({@code {"format":"cdc-tokens","version":1,"edges":{"edge-a":"<hex>"}}}), so that the file
 * alone does not let anyone upload. Tokens are 256 random bits, which is why a plain hash is
 * enough (no password-style stretching). Every lookup compares against every hash in constant
 * time, so timing tells nothing about which edge a guess came close to.
 */
public final class EdgeTokens {
    static final String FORMAT = "cdc-tokens";
    private static final String TOKEN_PREFIX = "cdc_";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Map<String, byte[]> hashes;

    private EdgeTokens(Map<String, byte[]> hashes) {
        this.hashes = hashes;
    }

    public static EdgeTokens load(Path file) throws IOException {
        return new EdgeTokens(read(file, false));
    }

    public int edgeCount() {
        return hashes.size();
    }

    /** The edge whose token this is, if any. */
    public Optional<String> edgeFor(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] hash = sha256(token);
        String found = null;
        for (Map.Entry<String, byte[]> entry : hashes.entrySet()) {
            if (MessageDigest.isEqual(hash, entry.getValue())) {
                found = entry.getKey();
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Adds an edge to the file (creating it) and returns its new token, which is not stored
     * anywhere: the caller shows it once. Refuses an edge that has a token unless {@code replace}.
     */
    public static String addEdge(Path file, String edge, boolean replace) throws IOException {
        UploadNames.require("edge name", edge);
        Map<String, byte[]> hashes = read(file, true);
        if (hashes.containsKey(edge) && !replace) {
            throw new IllegalArgumentException("edge '" + edge + "' already has a token in " + file
                    + ": pass --replace to issue a new one (the old one stops working)");
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        hashes.put(edge, sha256(token));
        ObjectNode json = MAPPER.createObjectNode();
        json.put("format", FORMAT);
        json.put("version", 1);
        ObjectNode edges = json.putObject("edges");
        hashes.forEach((name, hash) -> edges.put(name, HexFormat.of().formatHex(hash)));
        AtomicFiles.write(file, MAPPER.writeValueAsBytes(json));
        return token;
    }

    private static Map<String, byte[]> read(Path file, boolean missingIsEmpty) throws IOException {
        Map<String, byte[]> hashes = new LinkedHashMap<>();
        JsonNode json;
        try {
            json = MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            if (missingIsEmpty) {
                return hashes;
            }
            throw new CdcFormatException(file, "file not found: expected an edge token file made by `cdc token add`");
        } catch (JsonProcessingException e) {
            throw new CdcFormatException(file, "is not valid JSON: " + e.getOriginalMessage());
        }
        if (json == null || !FORMAT.equals(json.path("format").asText()) || !json.path("edges").isObject()) {
            throw new CdcFormatException(file, "expected an edge token file (format \"" + FORMAT + "\") with an \"edges\" object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = json.get("edges").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!UploadNames.isValid(entry.getKey())) {
                throw new CdcFormatException(file, "edge name '" + entry.getKey() + "' is not valid");
            }
            try {
                byte[] hash = HexFormat.of().parseHex(entry.getValue().asText());
                if (hash.length != 32) {
                    throw new IllegalArgumentException("length");
                }
                hashes.put(entry.getKey(), hash);
            } catch (IllegalArgumentException e) {
                throw new CdcFormatException(file, "edge '" + entry.getKey() + "' has no valid SHA-256 hash: expected 64 hex digits");
            }
        }
        return hashes;
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
