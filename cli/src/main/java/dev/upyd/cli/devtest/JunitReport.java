package dev.upyd.cli.devtest;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.pki.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * pytest's {@code --junitxml}: one testsuite, a testcase per test and device (classname DEVICE.FILE), for CI
 * systems. Written through {@link AtomicFiles}, so a reader never sees half a report.
 */
final class JunitReport {
    private JunitReport() {
    }

    static void write(Path target, List<TestOutcome> results, double seconds) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            AtomicFiles.write(target, os -> xml(os, results, seconds), "rw-r--r--");
        } catch (IOException e) {
            throw new CliException(Main.ExitCodes.LOCAL_IO, "cannot write " + target + ": " + e.getMessage());
        }
    }

    private static void xml(OutputStream os, List<TestOutcome> results, double seconds) throws IOException {
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(os, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", "upyd pytest");
            x.writeAttribute("tests", String.valueOf(results.size()));
            x.writeAttribute("failures", count(results, TestOutcome.Status.FAILED));
            x.writeAttribute("errors", count(results, TestOutcome.Status.ERROR));
            x.writeAttribute("skipped", count(results, TestOutcome.Status.SKIPPED));
            x.writeAttribute("time", String.format(Locale.ROOT, "%.3f", seconds));
            for (TestOutcome r : results) {
                x.writeStartElement("testcase");
                x.writeAttribute("classname", xmlText(r.device() + "." + r.file()));
                x.writeAttribute("name", xmlText(r.name()));
                x.writeAttribute("time", String.format(Locale.ROOT, "%.3f", r.millis() / 1000.0));
                switch (r.status()) {
                    case FAILED -> element(x, "failure", r.detail());
                    case ERROR -> element(x, "error", r.detail());
                    case SKIPPED -> element(x, "skipped", r.detail());
                    default -> {
                    }
                }
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static void element(XMLStreamWriter x, String name, String message) throws XMLStreamException {
        x.writeStartElement(name);
        x.writeAttribute("message", xmlText(message));
        x.writeEndElement();
    }

    /** XML 1.0 has no way to carry most control characters (a device's ANSI colours): they become U+FFFD. */
    static String xmlText(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> sb.appendCodePoint(c < 0x20 && c != '\t' && c != '\n' || c == 0xfffe || c == 0xffff
                || c >= 0xd800 && c <= 0xdfff ? 0xfffd : c));
        return sb.toString();
    }

    private static String count(List<TestOutcome> results, TestOutcome.Status s) {
        return String.valueOf(results.stream().filter(r -> r.status() == s).count());
    }
}
