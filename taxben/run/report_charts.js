// The report's charts, drawn in the reader's browser by BokehJS (inlined beside this script) from the
// numbers that taxben/run/report.py writes as JSON. Python then needs no bokeh import to write a report
// (issue 13: the import and the figures were half a second to a second of every `taxben run`).
// Every chart is static: no tools, no toolbar (in a mailed report only pan-by-drag could be reached).
(function () {
  "use strict";

  function staticFigure(spec, options) {
    return Bokeh.Plotting.figure(Object.assign(
      {tools: "", toolbar_location: null, width: 900, height: spec.height, title: spec.title}, options));
  }

  // Tick labels in the report's language: 4,000.5 in English, 4.000,5 in Danish.
  function ticks(spec, digits) {
    return new Bokeh.CustomJSTickFormatter({
      args: {locale: spec.locale, digits: digits},
      code: "return tick.toLocaleString(locale, {minimumFractionDigits: digits, maximumFractionDigits: digits});",
    });
  }

  function label(axes, text) {
    for (const axis of axes) { axis.axis_label = text; }
  }

  function format(axes, formatter) {
    for (const axis of axes) { axis.formatter = formatter; }
  }

  // Baseline beside the scenario in each category.
  function pairs(spec) {
    const factors = [], values = [], colors = [];
    spec.categories.forEach(function (category, i) {
      factors.push([category, "baseline"], [category, spec.scenario_name]);
      values.push(spec.baseline[i], spec.scenario[i]);
      colors.push(spec.colors[0], spec.colors[1]);
    });
    const fig = staticFigure(spec, {x_range: new Bokeh.FactorRange({factors: factors})});
    const source = new Bokeh.ColumnDataSource({data: {x: factors, value: values, color: colors}});
    fig.vbar({x: {field: "x"}, top: {field: "value"}, width: 0.9, color: {field: "color"}, source: source});
    label(fig.yaxes, spec.y_label);
    if (spec.y_digits !== null) { format(fig.yaxes, ticks(spec, spec.y_digits)); }
    for (const axis of fig.xaxes) { axis.major_label_orientation = 1.0; }
    return fig;
  }

  // One series of bars.
  function bars(spec) {
    const fig = staticFigure(spec, {x_range: spec.categories});
    const source = new Bokeh.ColumnDataSource({data: {x: spec.categories, value: spec.values}});
    fig.vbar({x: {field: "x"}, top: {field: "value"}, width: 0.8, color: spec.color, source: source});
    label(fig.xaxes, spec.x_label);
    label(fig.yaxes, spec.y_label);
    format(fig.yaxes, ticks(spec, spec.y_digits));
    return fig;
  }

  // Persons eligible (and, with behaviour, more persons working) on the left axis, the supplement paid
  // on the right: the cliff when the 12-month clock runs out shows in all of them.
  function months(spec) {
    const fig = staticFigure(spec, {
      x_range: spec.x,
      y_range: new Bokeh.Range1d({start: 0, end: spec.left_end}),
      extra_y_ranges: {dkk: new Bokeh.Range1d({start: 0, end: spec.right_end})},
    });
    function line(values, options) {
      const source = new Bokeh.ColumnDataSource({data: {x: spec.x, y: values}});
      fig.line(Object.assign({x: {field: "x"}, y: {field: "y"}, line_width: 2, source: source}, options));
    }
    line(spec.eligible, {line_color: spec.colors.scenario, legend_label: spec.eligible_label});
    for (const series of spec.behaviour) {
      line(series.values, {line_color: spec.colors.behaviour, line_dash: series.dash, legend_label: series.label});
    }
    fig.add_layout(new Bokeh.LinearAxis({y_range_name: "dkk", axis_label: spec.supplement_label,
                                         formatter: ticks(spec, 0)}), "right");
    line(spec.supplement, {line_color: spec.colors.baseline, y_range_name: "dkk", legend_label: spec.supplement_label});
    const left = fig.left.filter(function (r) { return r instanceof Bokeh.LinearAxis; });
    label(left, spec.persons_label);
    format(left, ticks(spec, 0));
    for (const axis of fig.xaxes) { axis.major_label_orientation = 1.0; }
    fig.legend.location = "top_right";
    return fig;
  }

  const DRAW = {pairs: pairs, bars: bars, months: months};
  const charts = JSON.parse(document.getElementById("taxben-charts").textContent);
  for (const chart of charts) {
    Bokeh.Plotting.show(DRAW[chart.kind](chart), "#" + chart.target);
  }
})();
