package io.semaphore.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.semaphore.errors.ApiException;
import io.semaphore.errors.ValidationException;
import io.javalin.http.Context;
import java.lang.reflect.Type;
import java.util.stream.Collectors;

/**
 * Reads request bodies, turning every way a body can be wrong into a 400 a person can act on: not JSON (with line
 * and column), not an object, or a field of the wrong type (named, with the type expected).
 */
final class Bodies {
    private Bodies() {}

    static <T> T read(Context ctx, Class<T> type) {
        String body = ctx.body();
        if (body.isBlank()) {
            throw new ValidationException("The request body is empty; send a JSON object");
        }
        return parse(body, type);
    }

    static <T> T read(Context ctx, com.fasterxml.jackson.core.type.TypeReference<T> type) {
        String body = ctx.body();
        if (body.isBlank()) {
            throw new ValidationException("The request body is empty; send a JSON object");
        }
        return parse(body, type.getType());
    }

    static <T> T parse(String json, Type type) {
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
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
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
