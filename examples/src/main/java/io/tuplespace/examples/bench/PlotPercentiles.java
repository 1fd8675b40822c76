package io.tuplespace.examples.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Draws HdrHistogram percentile distributions ({@code .hgrm} files, as {@code outputPercentileDistribution} writes
 * them) the way HdrHistogram's plotter does: X is the percentile on a log {@code 1/(1-p)} scale, Y the latency, here
 * on a log scale too (or linear with {@code --linear-y}), one coloured line per file with a legend. Headless
 * java.awt only. Also the hidden {@code plot} subcommand of {@code bin/tuplespace}.
 */
@Command(name = "plot", hidden = true, description = "Plot .hgrm percentile distributions into a PNG.")
public final class PlotPercentiles implements Callable<Integer>
{
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 620;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf) };

    @Parameters(arity = "1..*", paramLabel = "FILE.hgrm", description = "Percentile distributions to draw.")
    List<File> files;

    @Option(names = "--out", required = true, description = "PNG file to write.")
    File out;

    @Option(names = "--title", defaultValue = "round-trip latency by percentile",
        description = "Chart title (default: ${DEFAULT-VALUE}).")
    String title;

    @Option(names = "--unit", defaultValue = "us", description = "Unit of the values (default: ${DEFAULT-VALUE}).")
    String unit;

    @Option(names = "--linear-y", description = "Linear latency axis instead of log.")
    boolean linearY;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new PlotPercentiles()).execute(args));
    }

    public Integer call()
    {
        try
        {
            plot(files, out, title, unit, !linearY);
        }
        catch (final IOException ex)
        {
            System.err.println("plot: " + ex);
            return 1;
        }
        System.out.println("wrote " + out);
        return 0;
    }

    /**
     * Draw the files into a PNG.
     *
     * @param hgrmFiles percentile distributions; the legend names each by its file name less {@code .hgrm}.
     * @param png       the image to write.
     * @param title     above the chart.
     * @param unit      of the values, for the Y axis label.
     * @param isLogY    log latency axis if true, linear if false.
     * @throws IOException if a file cannot be read or the image written, or a file holds no data.
     */
    static void plot(
        final List<File> hgrmFiles, final File png, final String title, final String unit, final boolean isLogY)
        throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        final List<Series> series = new ArrayList<>();
        for (final File file : hgrmFiles)
        {
            series.add(Series.read(file));
        }
        double maxX = 100;
        double minY = Double.MAX_VALUE;
        double maxY = 0;
        for (final Series s : series)
        {
            maxX = Math.max(maxX, s.x[s.size - 1]);
            for (int i = 0; i < s.size; i++)
            {
                minY = Math.min(minY, s.y[i]);
                maxY = Math.max(maxY, s.y[i]);
            }
        }
        final Axes axes = new Axes(
            Math.pow(10, Math.ceil(Math.log10(maxX))), isLogY, Math.max(minY, 1e-3), Math.max(maxY, 1e-3));

        final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        try
        {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            axes.draw(g, title, unit);
            for (int i = 0; i < series.size(); i++)
            {
                drawSeries(g, axes, series.get(i), COLORS[i % COLORS.length]);
            }
            drawLegend(g, series, unit);
        }
        finally
        {
            g.dispose();
        }
        final File parent = png.getAbsoluteFile().getParentFile();
        if (null != parent && !parent.isDirectory() && !parent.mkdirs())
        {
            throw new IOException("cannot create directory " + parent);
        }
        if (!ImageIO.write(image, "png", png))
        {
            throw new IOException("no PNG writer available");
        }
    }

    private static void drawSeries(final Graphics2D g, final Axes axes, final Series series, final Color color)
    {
        final Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < series.size; i++)
        {
            final double px = axes.px(series.x[i]);
            final double py = axes.py(series.y[i]);
            if (0 == i)
            {
                path.moveTo(px, py);
            }
            else
            {
                path.lineTo(px, py);
            }
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(2.0f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(path);
    }

    private static void drawLegend(final Graphics2D g, final List<Series> series, final String unit)
    {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        final FontMetrics metrics = g.getFontMetrics();
        final List<String> labels = new ArrayList<>();
        int textWidth = 0;
        for (final Series s : series)
        {
            final String label = String.format(Locale.ROOT, "%s  (%,d samples, max %.2f %s)",
                s.name, s.totalCount, s.max, unit);
            labels.add(label);
            textWidth = Math.max(textWidth, metrics.stringWidth(label));
        }
        final int lineHeight = metrics.getHeight() + 4;
        final int x = LEFT + 15;
        final int y = TOP + 12;
        g.setColor(new Color(255, 255, 255, 230));
        g.fillRect(x, y, textWidth + 50, lineHeight * labels.size() + 10);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1.0f));
        g.drawRect(x, y, textWidth + 50, lineHeight * labels.size() + 10);
        for (int i = 0; i < labels.size(); i++)
        {
            final int baseline = y + 5 + lineHeight * i + metrics.getAscent() + 2;
            g.setColor(COLORS[i % COLORS.length]);
            g.setStroke(new BasicStroke(3.0f));
            g.drawLine(x + 8, baseline - metrics.getAscent() / 2 + 1, x + 36, baseline - metrics.getAscent() / 2 + 1);
            g.setColor(Color.BLACK);
            g.drawString(labels.get(i), x + 42, baseline);
        }
    }

    /**
     * One file's points: X = 1/(1-p), Y = the value at that percentile. The 100th percentile line (no X) only sets
     * {@link #max}; the largest {@code TotalCount} column is the sample count.
     */
    private static final class Series
    {
        final String name;
        final double[] x;
        final double[] y;
        final int size;
        final double max;
        final long totalCount;

        private Series(
            final String name, final double[] x, final double[] y, final int size, final double max,
            final long totalCount)
        {
            this.name = name;
            this.x = x;
            this.y = y;
            this.size = size;
            this.max = max;
            this.totalCount = totalCount;
        }

        static Series read(final File file) throws IOException
        {
            final List<String> lines = Files.readAllLines(file.toPath(), StandardCharsets.UTF_8);
            final double[] x = new double[lines.size()];
            final double[] y = new double[lines.size()];
            int size = 0;
            double max = 0;
            long totalCount = 0;
            for (final String line : lines)
            {
                final String[] tokens = line.trim().split("\\s+");
                if (tokens.length < 3 || line.trim().startsWith("#") || !isNumber(tokens[0]) || !isNumber(tokens[1]) ||
                    !isNumber(tokens[2]))
                {
                    continue;
                }
                final double value = Double.parseDouble(tokens[0]);
                final double p = Double.parseDouble(tokens[1]);
                max = Math.max(max, value);
                totalCount = Math.max(totalCount, (long)Double.parseDouble(tokens[2]));
                if (tokens.length >= 4 && isNumber(tokens[3]) && p < 1.0)
                {
                    x[size] = Double.parseDouble(tokens[3]);
                    y[size] = value;
                    size++;
                }
            }
            if (0 == size)
            {
                throw new IOException(file + " holds no percentile distribution");
            }
            final String name = file.getName().endsWith(".hgrm") ?
                file.getName().substring(0, file.getName().length() - ".hgrm".length()) : file.getName();
            return new Series(name, x, y, size, max, totalCount);
        }

        private static boolean isNumber(final String token)
        {
            try
            {
                final double value = Double.parseDouble(token);
                return !Double.isNaN(value) && !Double.isInfinite(value);
            }
            catch (final NumberFormatException ex)
            {
                return false;
            }
        }
    }

    /**
     * Maps data to pixels and draws the frame, grid and labels.
     */
    private static final class Axes
    {
        private final double maxX;
        private final boolean isLogY;
        private final double lowY;
        private final double highY;

        Axes(final double maxX, final boolean isLogY, final double minY, final double maxY)
        {
            this.maxX = maxX;
            this.isLogY = isLogY;
            if (isLogY)
            {
                this.lowY = Math.pow(10, Math.floor(Math.log10(minY)));
                this.highY = Math.pow(10, Math.ceil(Math.log10(maxY * 1.0001)));
            }
            else
            {
                this.lowY = 0;
                this.highY = niceCeiling(maxY * 1.05);
            }
        }

        double px(final double x)
        {
            return LEFT + (WIDTH - LEFT - RIGHT) * Math.log10(Math.max(1.0, x)) / Math.log10(maxX);
        }

        double py(final double y)
        {
            final double fraction = isLogY ?
                (Math.log10(Math.max(y, lowY)) - Math.log10(lowY)) / (Math.log10(highY) - Math.log10(lowY)) :
                (y - lowY) / (highY - lowY);
            return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * fraction;
        }

        void draw(final Graphics2D g, final String title, final String unit)
        {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            final FontMetrics metrics = g.getFontMetrics();
            final Color grid = new Color(225, 225, 225);
            final Color minorGrid = new Color(242, 242, 242);

            for (double x = 1; x <= maxX * 1.0001; x *= 10)
            {
                final int px = (int)Math.round(px(x));
                g.setColor(grid);
                g.drawLine(px, TOP, px, HEIGHT - BOTTOM);
                g.setColor(Color.DARK_GRAY);
                final String label = percentileLabel(x);
                g.drawString(label, px - metrics.stringWidth(label) / 2, HEIGHT - BOTTOM + 18);
            }
            for (final double y : yTicks())
            {
                final int py = (int)Math.round(py(y));
                final boolean isMajor = !isLogY || Math.abs(Math.log10(y) - Math.rint(Math.log10(y))) < 1e-9;
                g.setColor(isMajor ? grid : minorGrid);
                g.drawLine(LEFT, py, WIDTH - RIGHT, py);
                if (isMajor || highY / lowY <= 1000)
                {
                    g.setColor(Color.DARK_GRAY);
                    final String label = number(y);
                    g.drawString(label, LEFT - 8 - metrics.stringWidth(label), py + metrics.getAscent() / 2 - 1);
                }
            }
            g.setColor(Color.BLACK);
            g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);

            final String xLabel = "percentile (log scale of 1/(1-p))";
            g.drawString(xLabel, LEFT + (WIDTH - LEFT - RIGHT - metrics.stringWidth(xLabel)) / 2, HEIGHT - 18);
            final String yLabel = "latency (" + unit + (isLogY ? ", log scale)" : ")");
            final Graphics2D rotated = (Graphics2D)g.create();
            rotated.rotate(-Math.PI / 2);
            rotated.drawString(yLabel, -(TOP + (HEIGHT - TOP - BOTTOM + metrics.stringWidth(yLabel)) / 2), 20);
            rotated.dispose();

            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, LEFT + (WIDTH - LEFT - RIGHT - g.getFontMetrics().stringWidth(title)) / 2, TOP - 18);
        }

        private List<Double> yTicks()
        {
            final List<Double> ticks = new ArrayList<>();
            if (isLogY)
            {
                for (double decade = lowY; decade <= highY * 1.0001; decade *= 10)
                {
                    ticks.add(decade);
                    for (final double multiple : new double[]{ 2, 5 })
                    {
                        if (decade * multiple < highY)
                        {
                            ticks.add(decade * multiple);
                        }
                    }
                }
            }
            else
            {
                final double step = niceCeiling(highY / 8);
                for (double y = 0; y <= highY * 1.0001; y += step)
                {
                    ticks.add(y);
                }
            }
            return ticks;
        }

        private static double niceCeiling(final double value)
        {
            final double decade = Math.pow(10, Math.floor(Math.log10(value)));
            for (final double multiple : new double[]{ 1, 2, 2.5, 5, 10 })
            {
                if (decade * multiple >= value)
                {
                    return decade * multiple;
                }
            }
            return decade * 10;
        }

        private static String percentileLabel(final double x)
        {
            final double percent = 100.0 * (1.0 - 1.0 / x);
            if (percent < 1e-9)
            {
                return "0%";
            }
            final int decimals = Math.max(0, (int)Math.round(Math.log10(x)) - 2);
            return String.format(Locale.ROOT, "%." + decimals + "f%%", percent);
        }

        private static String number(final double value)
        {
            if (value >= 1)
            {
                return String.format(Locale.ROOT, "%,.0f", value);
            }
            return String.format(Locale.ROOT, "%s", (float)value);
        }
    }
}
