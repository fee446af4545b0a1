package io.semaphore.api;

import io.semaphore.json.Json;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.semaphore.errors.ApiException;
import io.semaphore.errors.ValidationException;
import io.javalin.http.Context;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * Reads request bodies, the one way every JSON body of the API is read, turning every way a body can be wrong into
 * a 400 a person can act on: not UTF-8 (with the byte offset), empty or {@code null}, not JSON (with line and
 * column), not an object, or a field of the wrong type (named, with the type expected; {@code 1.5} is not a whole
 * number, see {@link Json}).
 */
final class Bodies {
    private Bodies() {}

    static <T> T read(Context ctx, Class<T> type) {
        return parse(text(ctx.bodyAsBytes()), type);
    }

    static <T> T read(Context ctx, com.fasterxml.jackson.core.type.TypeReference<T> type) {
        return parse(text(ctx.bodyAsBytes()), type.getType());
    }

    /**
     * The body as text. JSON is UTF-8 (RFC 8259); bytes that are not UTF-8 are refused rather than stored as
     * U+FFFD, which would silently change the value (a password, a script) the client sent.
     */
    static String text(byte[] body) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = utf8.decode(in, out, true);
        if (result.isError()) {
            throw new ValidationException("The request body is not valid UTF-8 (at byte offset " + in.position()
                    + " of " + body.length + "); send JSON encoded as UTF-8");
        }
        utf8.flush(out);
        return out.flip().toString();
    }

    static <T> T parse(String json, Type type) {
        if (json.isBlank()) {
            throw new ValidationException("The request body is empty; send a JSON object");
        }
        JavaType javaType = Json.MAPPER.getTypeFactory().constructType(type);
        try {
            T value = Json.MAPPER.readValue(json, javaType);
            if (value == null) {
                throw new ValidationException("The request body is null; send a JSON object");
            }
            return value;
        } catch (JsonParseException e) {
            throw new ValidationException("The request body is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (MismatchedInputException e) {
            throw new ValidationException(mismatch(e));
        } catch (JsonProcessingException e) {
            throw new ValidationException("The request body could not be read: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            // A record constructor or @JsonCreator refusing a value (e.g. an unknown role) arrives wrapped.
            Throwable t = e;
            while (t != null && !(t instanceof ApiException)) {
                t = t.getCause();
            }
            if (t instanceof ApiException api) {
                throw api;
            }
            throw e;
        }
    }

    private static String mismatch(MismatchedInputException e) {
        String field = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
        if (field.isEmpty()) {
            return "The request body must be a JSON " + expected(e.getTargetType());
        }
        if (e instanceof InvalidFormatException f && f.getCause() instanceof ApiException api) {
            return api.getMessage();
        }
        if (e.getCause() instanceof ApiException api) {
            return api.getMessage();
        }
        return "Field '" + field + "' must be " + article(expected(e.getTargetType()));
    }

    private static String expected(Class<?> t) {
        if (t == null) {
            return "value";
        }
        if (t == String.class) {
            return "string";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "boolean (true or false)";
        }
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
            return "whole number";
        }
        if (java.util.Collection.class.isAssignableFrom(t) || t.isArray()) {
            return "array";
        }
        if (t.isEnum()) {
            return "string";
        }
        return "object";
    }

    private static String article(String noun) {
        return (noun.matches("^[aeiou].*") ? "an " : "a ") + noun;
    }
}
