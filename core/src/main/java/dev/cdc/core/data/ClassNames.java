package dev.cdc.core.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cdc.core.text.Printable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The names of a data set's classes, indexed by label, as they travel with models, bundles and
 * reports: a folder's class subfolders, CIFAR-10's names, or the label numbers where the data
 * names none. Names come from outside (folder names, files), so they are bounded and checked
 * before anything stores or prints them.
 */
public final class ClassNames {
    /** Labels are stored in at most 16 bits. */
    public static final int MAX_CLASSES = 65536;
    /** Longer than any folder name a user types; keeps a bundle's manifest small. */
    public static final int MAX_NAME_LENGTH = 200;

    private ClassNames() {
    }

    /**
     * "0", "1", ... for data that names its classes by number only.
     *
     * @throws IllegalArgumentException for a count outside 2..{@link #MAX_CLASSES}, before allocating
     */
    public static List<String> numbered(int count) {
        if (count < 2 || count > MAX_CLASSES) {
            throw new IllegalArgumentException(count + " classes: expected 2.." + MAX_CLASSES);
        }
        List<String> names = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            names.add(String.valueOf(c));
        }
        return List.copyOf(names);
    }

    /**
     * The {@code classNames} array stored beside a {@code classes} count in model files and bundle
     * manifests, checked; absent (files from before names were kept), the label numbers.
     *
     * @throws IllegalArgumentException when it is not an array of that many valid names
     */
    public static List<String> fromJson(JsonNode names, int classes) {
        if (names == null || names.isNull()) {
            return numbered(classes);
        }
        if (!names.isArray() || names.size() != classes) {
            throw new IllegalArgumentException("classNames is not an array of " + classes + " names (classes)");
        }
        List<String> list = new ArrayList<>(classes);
        names.forEach(name -> list.add(name.asText()));
        return checked(list);
    }

    /** Whether {@code names} are the label numbers, i.e. say nothing beyond the count. */
    public static boolean isNumbered(List<String> names) {
        for (int c = 0; c < names.size(); c++) {
            if (!names.get(c).equals(String.valueOf(c))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code names} checked: 2 to {@link #MAX_CLASSES} of them, each 1 to {@link #MAX_NAME_LENGTH}
     * characters without control characters, no two alike.
     *
     * @throws IllegalArgumentException naming the first problem (the name made printable)
     */
    public static List<String> checked(List<String> names) {
        if (names.size() < 2 || names.size() > MAX_CLASSES) {
            throw new IllegalArgumentException(names.size() + " class names: expected 2.." + MAX_CLASSES);
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            // Printable escapes nothing in a printable name but its backslashes.
            if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH
                    || !Printable.of(name, MAX_NAME_LENGTH).equals(name.replace("\\", "\\\\"))) {
                throw new IllegalArgumentException("class name '" + Printable.of(String.valueOf(name)) + "' is not valid:"
                        + " expected 1.." + MAX_NAME_LENGTH + " printable characters");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("class name '" + Printable.of(name) + "' appears twice: expected distinct names");
            }
        }
        return List.copyOf(names);
    }

    /**
     * For each of the data's labels, the label of the same class among {@code trained}: by name
     * when the model knows every name of the data (so a folder holding some of the classes keeps
     * the right labels), else by number where one side only numbers its classes: numbered data
     * of no more classes, or a model from before names were kept with as many.
     *
     * @throws IllegalArgumentException naming a class the model does not know
     */
    public static int[] labelMap(List<String> trained, List<String> data) {
        int[] map = new int[data.size()];
        boolean byName = true;
        for (int c = 0; c < map.length && byName; c++) {
            map[c] = trained.indexOf(data.get(c));
            byName = map[c] >= 0;
        }
        if (byName) {
            return map;
        }
        boolean byNumber = isNumbered(data) ? data.size() <= trained.size() : isNumbered(trained) && data.size() == trained.size();
        if (!byNumber) {
            String stranger = data.stream().filter(name -> !trained.contains(name)).findFirst().orElseThrow();
            throw new IllegalArgumentException("trained on " + trained.size() + " classes " + shortList(trained) + ", which do not"
                    + " include the data's class '" + Printable.of(stranger) + "'");
        }
        for (int c = 0; c < map.length; c++) {
            map[c] = c;
        }
        return map;
    }

    /** The first few names, printable, for a message. */
    public static String shortList(List<String> names) {
        int shown = Math.min(names.size(), 6);
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < shown; i++) {
            text.append(i == 0 ? "" : ", ").append(Printable.of(names.get(i), 40));
        }
        return text.append(names.size() > shown ? ", ... (" + names.size() + ")]" : "]").toString();
    }
}
