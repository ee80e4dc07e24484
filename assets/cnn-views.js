// mdbook-cnn-views: the script of the interactive view. Plain JavaScript,
// no dependencies, no network. The preprocessor writes every figure's
// structure into the page (each output's terms, each pixel's users); this
// script only multiplies and adds along it, and writes numbers the way the
// page writes them. Without it, the static figure stays.
(function () {
  "use strict";

  // ---- Numbers, as src/render/number.rs writes them --------------------

  // The exact decimal of a > 0, rounded to four places, ties to even (as
  // Rust's `{:.4}` does), e.g. "12.2500".
  function fixed4(a) {
    if (a >= 1e21) {
      return BigInt(a).toString() + ".0000"; // an integer, written in full
    }
    // Exact for every value that reaches here: its binary fraction ends
    // within 100 decimal places.
    var text = a.toFixed(100);
    var point = text.indexOf(".");
    var rest = text.slice(point + 5);
    var n = BigInt(text.slice(0, point) + text.slice(point + 1, point + 5));
    var half = "5" + "0".repeat(rest.length - 1);
    if (rest > half || (rest === half && n % 2n === 1n)) {
      n += 1n;
    }
    var digits = n.toString().padStart(5, "0");
    return digits.slice(0, -4) + "." + digits.slice(-4);
  }

  // number::plain: integers without a point, else at most four decimals
  // with trailing zeros dropped; an ASCII minus.
  function plain(x) {
    var y = x * 1e4;
    // Rust's round(): halves away from zero. Past about 1.8e304, x·1e4
    // overflows; such an x is whole and is written as it is.
    var rounded = Number.isFinite(y) || !Number.isFinite(x)
      ? (y < 0 ? -Math.round(-y) : Math.round(y)) / 1e4
      : x;
    if (rounded === 0) {
      return "0";
    }
    if (Number.isNaN(rounded)) {
      return "NaN";
    }
    if (!Number.isFinite(rounded)) {
      return rounded > 0 ? "inf" : "-inf";
    }
    if (Number.isInteger(rounded) && Math.abs(rounded) < 1e15) {
      return rounded.toFixed(0);
    }
    var text = (rounded < 0 ? "-" : "") + fixed4(Math.abs(rounded));
    return text.replace(/0+$/, "").replace(/\.$/, "");
  }

  // number::display: with a true minus sign.
  function display(x) {
    return plain(x).replace(/-/g, "\u2212");
  }

  // A factor in an equation: negative ones in parentheses.
  function factor(x) {
    var text = display(x);
    return text.charAt(0) === "\u2212" ? "(" + text + ")" : text;
  }

  // ---- One figure -------------------------------------------------------

  function pair(text) {
    return text.split(",").map(Number);
  }

  function setUp(figure) {
    var panel = figure.querySelector(".cnn-play");
    var source = panel && panel.querySelector("script.cnn-play-data");
    if (!source || figure.dataset.cnnLive) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var cols = data.pixels[0].length;
    var outputs = data.outputs;
    var count = outputs.length;
    var weightInputs = Array.prototype.slice.call(
      panel.querySelectorAll("input[data-weight]"));
    var biasInput = panel.querySelector("input[data-bias]");
    var slider = panel.querySelector("input[data-position]");
    var where = panel.querySelector("[data-where]");
    var now = panel.querySelector("[data-now]");
    var byAt = function (selector, at) {
      return panel.querySelector(selector + '[data-at="' + at.join(",") + '"]');
    };
    var outCells = outputs.map(function (o) { return byAt(".cnn-play-out", o.at); });
    var outValues = outputs.map(function (o) {
      return panel.querySelector('[data-output="' + o.at.join(",") + '"]');
    });
    var lines = outputs.map(function (o) {
      return panel.querySelector('[data-equation="' + o.at.join(",") + '"]');
    });

    // The last good numbers: what the outputs were computed from.
    var weights = data.weights.map(function (row) { return row.map(function () { return 0; }); });
    weightInputs.forEach(function (input) {
      var at = pair(input.dataset.weight);
      weights[at[0]][at[1]] = Number(input.defaultValue);
    });
    var bias = Number(biasInput.defaultValue);
    var results = null;
    var current = 0;

    // A weight's color, as the engine gave it (a turned filter keeps
    // each weight's own color).
    function color(w) {
      return data.colors[w[0]][w[1]];
    }

    function weightLabel(w) {
      return data.weights[w[0]][w[1]];
    }

    // Every output from its terms: the products summed, then the bias
    // added, in the engine's order, so the numbers agree to the last bit.
    function compute(ws, b) {
      return outputs.map(function (o) {
        var sum = -0;
        o.terms.forEach(function (t) {
          sum += t.x ? ws[t.w[0]][t.w[1]] * data.pixels[t.x[0]][t.x[1]] : 0;
        });
        return b + sum;
      });
    }

    function numbers(i) {
      var parts = outputs[i].terms.map(function (t) {
        var x = t.x ? data.pixels[t.x[0]][t.x[1]] : 0;
        return factor(weights[t.w[0]][t.w[1]]) + "\u00b7" + factor(x);
      });
      parts.push(factor(bias));
      return parts.join(" + ") + " = " + display(results ? results[i] : NaN);
    }

    function symbols(i) {
      return lines[i].querySelector(".cnn-play-symbols").textContent;
    }

    function equation(i) {
      return symbols(i) + " = " + lines[i].querySelector("[data-numbers]").textContent.slice(2);
    }

    function say(text) {
      if (now.textContent !== text) {
        now.textContent = text;
      }
    }

    function clearMarks() {
      Array.prototype.forEach.call(panel.querySelectorAll(".cnn-on"), function (el) {
        el.classList.remove("cnn-on");
        delete el.dataset.tap;
      });
    }

    function showWindow(i) {
      clearMarks();
      outCells[i].classList.add("cnn-on");
      lines[i].classList.add("cnn-on");
      outputs[i].terms.forEach(function (t) {
        var cell = byAt(".cnn-play-image .cnn-play-cell", t.at);
        if (cell) {
          cell.classList.add("cnn-on");
          if (t.x) {
            cell.dataset.tap = color(t.w);
          }
        }
      });
    }

    function setCurrent(i, announce) {
      current = (i + count) % count;
      slider.value = String(current + 1);
      where.textContent = current + 1 + " / " + count;
      showWindow(current);
      if (announce) {
        say("Position " + (current + 1) + " of " + count + ": " + equation(current) + ".");
      }
    }

    function showPixel(cell) {
      clearMarks();
      var at = pair(cell.dataset.pixel);
      var uses = data.users[at[0] * cols + at[1]];
      var name = data.pixelLabels[at[0]][at[1]];
      cell.classList.add("cnn-on");
      var parts = uses.map(function (u) {
        var out = outCells[u[0]];
        out.classList.add("cnn-on");
        out.dataset.tap = color([u[1], u[2]]);
        return outputs[u[0]].label + " (" + weightLabel([u[1], u[2]]) + "\u00b7" + name + ")";
      });
      var value = display(data.pixels[at[0]][at[1]]);
      say(uses.length === 0
        ? "Pixel " + name + " = " + value + " is used by no output: no window reaches it."
        : "Pixel " + name + " = " + value + " is used by " + uses.length +
          (uses.length === 1 ? " output: " : " outputs: ") + joinAnd(parts) + ".");
    }

    function joinAnd(items) {
      return items.length < 2
        ? items.join("")
        : items.slice(0, -1).join(", ") + " and " + items[items.length - 1];
    }

    function render() {
      outputs.forEach(function (o, i) {
        outValues[i].textContent = display(results[i]);
        lines[i].querySelector("[data-numbers]").textContent = "= " + numbers(i);
      });
    }

    function nameOf(input) {
      return input === biasInput
        ? data.bias
        : weightLabel(pair(input.dataset.weight));
    }

    function invalid(input, why) {
      input.setAttribute("aria-invalid", "true");
      say(nameOf(input) + " " + why + ", so the outputs keep their last values.");
    }

    // A changed weight or bias: every output at once, or, for a value that
    // is not a number (or overflows), the last good outputs kept.
    function changed(input) {
      var text = input.value.trim();
      var value = text === "" || (input.validity && input.validity.badInput) ? NaN : Number(text);
      if (!Number.isFinite(value)) {
        invalid(input, "is not a number");
        return;
      }
      var ws = weights.map(function (row) { return row.slice(); });
      var b = bias;
      if (input === biasInput) {
        b = value;
      } else {
        var at = pair(input.dataset.weight);
        ws[at[0]][at[1]] = value;
      }
      var trial = compute(ws, b);
      if (!trial.every(Number.isFinite)) {
        invalid(input, "is too large: an output would overflow");
        return;
      }
      input.removeAttribute("aria-invalid");
      weights = ws;
      bias = b;
      results = trial;
      render();
      setCurrent(current, true);
    }

    weightInputs.concat([biasInput]).forEach(function (input) {
      // Listened to on each input, so an `input` event that does not
      // bubble counts too.
      input.addEventListener("input", function () { changed(input); });
      // An input emptied without typing (by a script or a form tool) says
      // so only by a change event.
      input.addEventListener("change", function () { changed(input); });
    });
    slider.addEventListener("input", function () {
      setCurrent(Number(slider.value) - 1, true);
    });
    Array.prototype.forEach.call(panel.querySelectorAll("button[data-step]"), function (button) {
      button.addEventListener("click", function () {
        setCurrent(current + Number(button.dataset.step), true);
      });
    });

    function point(target) {
      var out = target.closest(".cnn-play-out");
      if (out) {
        setCurrent(outCells.indexOf(out), true);
        return;
      }
      var pixel = target.closest(".cnn-play-pixel");
      if (pixel) {
        showPixel(pixel);
        return;
      }
      showWindow(current);
    }
    panel.addEventListener("mouseover", function (e) { point(e.target); });
    panel.addEventListener("focusin", function (e) { point(e.target); });
    panel.addEventListener("mouseleave", function () { showWindow(current); });

    // Arrow keys move between cells (and the step buttons step), and never
    // reach mdBook's chapter navigation.
    var MOVES = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
    panel.addEventListener("keydown", function (e) {
      var move = MOVES[e.key];
      if (!move || e.altKey || e.ctrlKey || e.metaKey) {
        return;
      }
      var t = e.target;
      var target = null;
      if (t.matches(".cnn-play-pixel")) {
        var p = pair(t.dataset.pixel);
        target = panel.querySelector('[data-pixel="' + (p[0] + move[0]) + "," + (p[1] + move[1]) + '"]');
      } else if (t.matches(".cnn-play-out")) {
        var o = pair(t.dataset.at);
        target = byAt(".cnn-play-out", [o[0] + move[0], o[1] + move[1]]);
      } else if (t.matches("button[data-step]")) {
        setCurrent(current + move[0] + move[1], true);
      } else {
        return;
      }
      e.preventDefault();
      e.stopPropagation();
      if (target) {
        target.focus();
      }
    });

    // A browser may restore typed values on going back: start from them.
    var restored = weightInputs.concat([biasInput]).filter(function (input) {
      return input.value !== input.defaultValue;
    });
    results = compute(weights, bias);
    restored.forEach(changed);

    figure.dataset.cnnLive = "true";
    figure.classList.add("cnn-live");
    panel.hidden = false;
    setCurrent(0, false);
  }

  function setUpAll() {
    Array.prototype.forEach.call(
      document.querySelectorAll('figure.cnn-views[data-view="interactive"]'), setUp);
  }

  // For tests and curious readers: the page's number format.
  window.cnnViews = Object.freeze({ display: display });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
