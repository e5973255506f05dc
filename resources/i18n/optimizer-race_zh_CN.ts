<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>Bookmarks</name>
        <message>
            <source>&amp;Bookmark this step</source>
            <translation>为此步添加书签(&amp;B)</translation>
        </message>
        <message>
            <source>Mark the step shown, to come back to it (B; again to unmark)</source>
            <translation>标记当前显示的步，以便稍后返回（B；再按一次取消标记）</translation>
        </message>
        <message>
            <source>&amp;Previous bookmark</source>
            <translation>上一个书签(&amp;P)</translation>
        </message>
        <message>
            <source>&amp;Next bookmark</source>
            <translation>下一个书签(&amp;N)</translation>
        </message>
        <message>
            <source>&amp;Clear bookmarks</source>
            <translation>清除书签(&amp;C)</translation>
        </message>
        <message>
            <source>Book&amp;marks</source>
            <translation>书签(&amp;M)</translation>
        </message>
        <message>
            <source>Go to step {0}</source>
            <translation>转到第 {0} 步</translation>
        </message>
    </context>
    <context>
        <name>CheckPanel</name>
        <message>
            <source>your optimizer file (.py)</source>
            <translation>你的优化器文件（.py）</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>The built-in optimizer to compare with</source>
            <translation>用来比较的内置优化器</translation>
        </message>
        <message>
            <source>Check</source>
            <translation>检查</translation>
        </message>
        <message>
            <source>Run your file and the built-in for 200 steps on the same gradients and compare them step by step</source>
            <translation>用相同的梯度把你的文件和内置优化器各运行 200 步，并逐步比较</translation>
        </message>
        <message>
            <source>Against</source>
            <translation>对照</translation>
        </message>
        <message>
            <source>step</source>
            <translation>步</translation>
        </message>
        <message>
            <source>largest relative difference</source>
            <translation>最大相对差异</translation>
        </message>
        <message>
            <source>Choose your optimizer file first.</source>
            <translation>请先选择你的优化器文件。</translation>
        </message>
        <message>
            <source>Checking {0}…</source>
            <translation>正在检查 {0}…</translation>
        </message>
        <message>
            <source>Checking… {0} of {1} runs</source>
            <translation>正在检查… 第 {0} / {1} 次运行</translation>
        </message>
        <message>
            <source>Passed: {0} matches {1} within {2} at every step.</source>
            <translation>通过：{0} 在每一步都与 {1} 一致（误差不超过 {2}）。</translation>
        </message>
        <message>
            <source>Failed: {0}</source>
            <translation>未通过：{0}</translation>
        </message>
        <message>
            <source>Hint: {0}</source>
            <translation>提示：{0}</translation>
        </message>
        <message>
            <source>Your optimizer file</source>
            <translation>你的优化器文件</translation>
        </message>
        <message>
            <source>Python (*.py)</source>
            <translation>Python 文件 (*.py)</translation>
        </message>
    </context>
    <context>
        <name>ContourView</name>
        <message>
            <source>SWATS switched from Adam to SGD here</source>
            <translation>SWATS 在此处从 Adam 切换到 SGD</translation>
        </message>
        <message>
            <source>step</source>
            <translation>步</translation>
        </message>
        <message>
            <source>click: set start · drag: pan · wheel: zoom</source>
            <translation>单击：设置起点 · 拖动：平移 · 滚轮：缩放</translation>
        </message>
    </context>
    <context>
        <name>CrashDialog</name>
        <message>
            <source>Optimizer Race: unexpected error</source>
            <translation>优化器竞赛：意外错误</translation>
        </message>
        <message>
            <source>Something went wrong, but the app is still running.</source>
            <translation>出现了问题，但程序仍在运行。</translation>
        </message>
        <message>
            <source>The report was saved as {file} in the log folder.</source>
            <translation>报告已保存为日志文件夹中的 {file}。</translation>
        </message>
        <message>
            <source>Your race is autosaved, so you can carry on or save it now.</source>
            <translation>当前竞速已自动保存，你可以继续操作，也可以现在保存。</translation>
        </message>
        <message>
            <source>If it happens again, please send the report to your teacher or to the developers.</source>
            <translation>如果问题再次出现，请把报告发给你的老师或开发者。</translation>
        </message>
        <message>
            <source>&amp;Copy report</source>
            <translation>复制报告(&amp;C)</translation>
        </message>
        <message>
            <source>Copy the full report to the clipboard</source>
            <translation>将完整报告复制到剪贴板</translation>
        </message>
        <message>
            <source>Open &amp;log folder</source>
            <translation>打开日志文件夹(&amp;L)</translation>
        </message>
        <message>
            <source>Continue</source>
            <translation>继续</translation>
        </message>
        <message>
            <source>Copied</source>
            <translation>已复制</translation>
        </message>
        <message>
            <source>This error happened {n} times.</source>
            <translation>此错误已发生 {n} 次。</translation>
        </message>
        <message>
            <source>{n} other error(s) were written to the log.</source>
            <translation>另有 {n} 个错误已写入日志。</translation>
        </message>
    </context>
    <context>
        <name>CurvesView</name>
        <message>
            <source>distance</source>
            <translation>距离</translation>
        </message>
        <message>
            <source>step</source>
            <translation>步数</translation>
        </message>
        <message>
            <source>Distance to the nearest minimum</source>
            <translation>到最近极小值点的距离</translation>
        </message>
        <message>
            <source>Step length ‖θ&lt;sub&gt;t&lt;/sub&gt; − θ&lt;sub&gt;t−1&lt;/sub&gt;‖</source>
            <translation>步长 ‖θ&lt;sub&gt;t&lt;/sub&gt; − θ&lt;sub&gt;t−1&lt;/sub&gt;‖</translation>
        </message>
        <message>
            <source>On log scales values below {0} (round-off level, or an exact hit) are drawn at that floor.</source>
            <translation>对数坐标下，小于 {0} 的值（舍入误差量级，或恰好命中）按该下限绘制。</translation>
        </message>
        <message>
            <source>Loss above the minimum f* = {0}</source>
            <translation>损失与最小值之差（f* = {0}）</translation>
        </message>
        <message>
            <source>Loss (linear: no known minimum); {0} runs off the scale</source>
            <translation>损失（线性坐标：最小值未知）；{0} 超出坐标范围</translation>
        </message>
        <message>
            <source>Loss (linear: no known minimum)</source>
            <translation>损失（线性坐标：最小值未知）</translation>
        </message>
        <message>
            <source>{0}: no known global minimum, so there is no distance to plot.</source>
            <translation>{0}：没有已知的全局最小值，因此无法绘制距离曲线。</translation>
        </message>
    </context>
    <context>
        <name>DatasetControls</name>
        <message>
            <source>Data</source>
            <translation>数据</translation>
        </message>
        <message>
            <source>Best available</source>
            <translation>最佳可用来源</translation>
        </message>
        <message>
            <source>Bundled 5k sample</source>
            <translation>内置 5k 样本</translation>
        </message>
        <message>
            <source>Folder…</source>
            <translation>文件夹…</translation>
        </message>
        <message>
            <source>Best available: the full set in the app's data folder (or, for Fashion-MNIST, Debian's dataset-fashion-mnist), else the bundled 5k MNIST sample.</source>
            <translation>最佳可用来源：优先使用程序数据文件夹中的完整数据集（Fashion-MNIST 也可使用 Debian 的 dataset-fashion-mnist 软件包），否则使用内置的 5k MNIST 样本。</translation>
        </message>
        <message>
            <source>Dataset</source>
            <translation>数据集</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>来源</translation>
        </message>
        <message>
            <source>Folder with the IDX files</source>
            <translation>包含 IDX 文件的文件夹</translation>
        </message>
        <message>
            <source>(no folder chosen)</source>
            <translation>（未选择文件夹）</translation>
        </message>
        <message>
            <source>No IDX files found in {0}.</source>
            <translation>在 {0} 中没有找到 IDX 文件。</translation>
        </message>
        <message>
            <source>{0} is not on this computer yet.</source>
            <translation>本机上还没有 {0}。</translation>
        </message>
        <message>
            <source>&lt;b&gt;Using the bundled 5k sample&lt;/b&gt; of MNIST: 4,000 training and 1,000 test digits (real MNIST digits, 500 per class). Accuracies are lower than on the full set of 60,000 / 10,000. &lt;b&gt;Download the full set&lt;/b&gt; (11 MB) or choose a folder with the IDX files under Source.</source>
            <translation>&lt;b&gt;正在使用内置的 MNIST 5k 样本&lt;/b&gt;：4,000 个训练数字和 1,000 个测试数字（真实的 MNIST 数字，每类 500 个）。准确率会低于 60,000 / 10,000 的完整数据集。可以&lt;b&gt;下载完整数据集&lt;/b&gt;（11 MB），或在“来源”中选择包含 IDX 文件的文件夹。</translation>
        </message>
        <message>
            <source>Download the full {0} set ({1}), or choose a folder with the four IDX files.</source>
            <translation>请下载完整的 {0} 数据集（{1}），或选择包含四个 IDX 文件的文件夹。</translation>
        </message>
        <message>
            <source>{0} train / {1} test</source>
            <translation>训练 {0} / 测试 {1}</translation>
        </message>
        <message>
            <source>full set</source>
            <translation>完整数据集</translation>
        </message>
        <message>
            <source>{0}, {1} from {2}</source>
            <translation>{0}，{1}，来自 {2}</translation>
        </message>
        <message>
            <source>Download full {0}</source>
            <translation>下载完整的 {0}</translation>
        </message>
    </context>
    <context>
        <name>DemoDialog</name>
        <message>
            <source>Demo — {0}</source>
            <translation>演示 — {0}</translation>
        </message>
    </context>
    <context>
        <name>DemoMenu</name>
        <message>
            <source>Race: {0}</source>
            <translation>竞速：{0}</translation>
        </message>
    </context>
    <context>
        <name>DemoView</name>
        <message>
            <source>Steps</source>
            <translation>步数</translation>
        </message>
        <message>
            <source>Step size α (lr = α/√t)</source>
            <translation>步长 α（lr = α/√t）</translation>
        </message>
        <message>
            <source>Start x₁</source>
            <translation>起点 x₁</translation>
        </message>
        <message>
            <source>Stochastic variant</source>
            <translation>随机版本</translation>
        </message>
        <message>
            <source>Seed</source>
            <translation>随机种子</translation>
        </message>
        <message>
            <source>Training examples</source>
            <translation>训练样本数</translation>
        </message>
        <message>
            <source>Test examples</source>
            <translation>测试样本数</translation>
        </message>
        <message>
            <source>Epochs</source>
            <translation>训练轮数（epoch）</translation>
        </message>
        <message>
            <source>MNIST folder</source>
            <translation>MNIST 文件夹</translation>
        </message>
        <message>
            <source>Batch size</source>
            <translation>批大小</translation>
        </message>
        <message>
            <source>{help}; range {range}, default {default}</source>
            <translation>{help}；取值范围 {range}，默认 {default}</translation>
        </message>
        <message>
            <source>specs, e.g. {0}</source>
            <translation>优化器规格，例如 {0}</translation>
        </message>
        <message>
            <source>Optimizers to compare, separated by spaces: name or name:key=value,...</source>
            <translation>要比较的优化器，用空格分隔：名称，或 名称:参数=值,...</translation>
        </message>
        <message>
            <source>Optimizers</source>
            <translation>优化器</translation>
        </message>
        <message>
            <source>Run</source>
            <translation>运行</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>Set-up.</source>
            <translation>实验设置。</translation>
        </message>
        <message>
            <source>What to watch.</source>
            <translation>观察要点。</translation>
        </message>
        <message>
            <source>Why.</source>
            <translation>原因。</translation>
        </message>
        <message>
            <source>(default)</source>
            <translation>（默认）</translation>
        </message>
        <message>
            <source>Press Run to reproduce the result.</source>
            <translation>按“运行”复现该结果。</translation>
        </message>
        <message>
            <source>Running…</source>
            <translation>正在运行…</translation>
        </message>
        <message>
            <source>Cancelling…</source>
            <translation>正在取消…</translation>
        </message>
        <message>
            <source>Cancelled.</source>
            <translation>已取消。</translation>
        </message>
    </context>
    <context>
        <name>Desktop</name>
        <message>
            <source>&amp;Reset to defaults…</source>
            <translation>恢复默认设置(&amp;R)…</translation>
        </message>
        <message>
            <source>Window layout, theme, language, the last race and the data folder back to their defaults</source>
            <translation>将窗口布局、主题、语言、上次的竞速和数据文件夹恢复为默认值</translation>
        </message>
        <message>
            <source>&amp;Optimizers and lab guide</source>
            <translation>优化器与实验指南(&amp;O)</translation>
        </message>
        <message>
            <source>How every optimizer works, its update rule, and a guide for lab sessions</source>
            <translation>每个优化器的原理、更新规则，以及上机实验课指南</translation>
        </message>
        <message>
            <source>Recover the last race?</source>
            <translation>恢复上次的竞速？</translation>
        </message>
        <message>
            <source>Optimizer Race did not close properly last time. Restore the race that was autosaved ({summary})?</source>
            <translation>优化器竞赛上次没有正常关闭。要恢复自动保存的竞速（{summary}）吗？</translation>
        </message>
        <message>
            <source>Recovering the autosaved race: {0} racers × {1} steps…</source>
            <translation>正在恢复自动保存的竞速：{0} 名选手 × {1} 步…</translation>
        </message>
        <message>
            <source>Recovered the autosaved race.</source>
            <translation>已恢复自动保存的竞速。</translation>
        </message>
        <message>
            <source>Cannot recover the race</source>
            <translation>无法恢复竞速</translation>
        </message>
        <message>
            <source>Reset to defaults</source>
            <translation>恢复默认设置</translation>
        </message>
        <message>
            <source>Reset the window layout, the theme, the language, the last race and the data folder to their defaults? Saved session files are not touched.</source>
            <translation>要将窗口布局、主题、语言、上次的竞速和数据文件夹恢复为默认值吗？已保存的会话文件不受影响。</translation>
        </message>
        <message>
            <source>Settings reset to their defaults.</source>
            <translation>设置已恢复为默认值。</translation>
        </message>
        <message>
            <source>{surface}, {n} racers, step {step}</source>
            <translation>{surface}，{n} 名选手，第 {step} 步</translation>
        </message>
    </context>
    <context>
        <name>EngineError</name>
        <message>
            <source>{name} must be a number, got {value}</source>
            <translation>{name} 必须是数字，实际为 {value}</translation>
        </message>
        <message>
            <source>{name} must be finite, got {value}</source>
            <translation>{name} 必须是有限值，实际为 {value}</translation>
        </message>
        <message>
            <source>{name} must be in {range}, got {value}</source>
            <translation>{name} 必须在 {range} 范围内，实际为 {value}</translation>
        </message>
        <message>
            <source>{name} must be a whole number, got {value}</source>
            <translation>{name} 必须是整数，实际为 {value}</translation>
        </message>
        <message>
            <source>{name} must be true or false, got {value}</source>
            <translation>{name} 必须为 true 或 false，实际为 {value}</translation>
        </message>
        <message>
            <source>{name} must be text, got {value}</source>
            <translation>{name} 必须是文本，实际为 {value}</translation>
        </message>
        <message>
            <source>{name} is too long ({n} characters, at most {max})</source>
            <translation>{name} 过长（{n} 个字符，最多 {max}）</translation>
        </message>
        <message>
            <source>{name} must be one line of text, got {value}</source>
            <translation>{name} 必须是单行文本，实际为 {value}</translation>
        </message>
        <message>
            <source>{name} must be two numbers, got {value}</source>
            <translation>{name} 必须是两个数，实际为 {value}</translation>
        </message>
        <message>
            <source>{name} must be three numbers, got {value}</source>
            <translation>{name} 必须是三个数，实际为 {value}</translation>
        </message>
        <message>
            <source>{name} must be four numbers, got {value}</source>
            <translation>{name} 必须是四个数，实际为 {value}</translation>
        </message>
        <message>
            <source>{name} must be {count} numbers, got {value}</source>
            <translation>{name} 必须是 {count} 个数，实际为 {value}</translation>
        </message>
        <message>
            <source>demo '{name}' is registered twice</source>
            <translation>演示 '{name}' 被注册了两次</translation>
        </message>
        <message>
            <source>unknown demo '{name}'; known: {known}</source>
            <translation>未知的演示 '{name}'；可用的演示：{known}</translation>
        </message>
        <message>
            <source>unknown setting '{name}' for demo {demo}; known: {known}</source>
            <translation>演示 {demo} 没有设置项 '{name}'；可用的设置项：{known}</translation>
        </message>
        <message>
            <source>optimizers must be a list of specs, got {value}</source>
            <translation>optimizers 必须是优化器规格的列表，实际为 {value}</translation>
        </message>
        <message>
            <source>at least one optimizer is needed</source>
            <translation>至少需要一个优化器</translation>
        </message>
        <message>
            <source>{name} needs a Hessian, which demo {demo} does not provide; choose a first-order optimizer</source>
            <translation>{name} 需要 Hessian 矩阵，而演示 {demo} 不提供；请选择一阶优化器</translation>
        </message>
        <message>
            <source>stopped</source>
            <translation>已停止</translation>
        </message>
        <message>
            <source>formula is not a real number</source>
            <translation>公式的值不是实数</translation>
        </message>
        <message>
            <source>formula is too complex (nested too deeply)</source>
            <translation>公式过于复杂（嵌套过深）</translation>
        </message>
        <message>
            <source>formula is too complex (out of memory)</source>
            <translation>公式过于复杂（内存不足）</translation>
        </message>
        <message>
            <source>formula could not be processed ({error})</source>
            <translation>无法处理该公式（{error}）</translation>
        </message>
        <message>
            <source>{name} must be {n} numbers</source>
            <translation>{name} 必须是 {n} 个数</translation>
        </message>
        <message>
            <source>{name} must be {n} finite numbers</source>
            <translation>{name} 必须是 {n} 个有限数</translation>
        </message>
        <message>
            <source>formula must be text, not {type}</source>
            <translation>公式必须是文本，而不是 {type}</translation>
        </message>
        <message>
            <source>formula is too long ({n} characters, at most {max})</source>
            <translation>公式过长（{n} 个字符，最多 {max} 个）</translation>
        </message>
        <message>
            <source>empty formula</source>
            <translation>公式为空</translation>
        </message>
        <message>
            <source>domain must satisfy xmin &lt; xmax and ymin &lt; ymax</source>
            <translation>定义域必须满足 xmin &lt; xmax 且 ymin &lt; ymax</translation>
        </message>
        <message>
            <source>lambda</source>
            <translation>lambda 表达式</translation>
        </message>
        <message>
            <source>'if ... else'</source>
            <translation>条件表达式 'if ... else'</translation>
        </message>
        <message>
            <source>comparison</source>
            <translation>比较运算</translation>
        </message>
        <message>
            <source>'and'/'or'</source>
            <translation>逻辑运算 'and'/'or'</translation>
        </message>
        <message>
            <source>comprehension</source>
            <translation>推导式</translation>
        </message>
        <message>
            <source>f-string</source>
            <translation>f-string 格式字符串</translation>
        </message>
        <message>
            <source>subscript</source>
            <translation>下标</translation>
        </message>
        <message>
            <source>slice</source>
            <translation>切片</translation>
        </message>
        <message>
            <source>'*' unpacking</source>
            <translation>'*' 解包</translation>
        </message>
        <message>
            <source>assignment (':=')</source>
            <translation>赋值（':='）</translation>
        </message>
        <message>
            <source>list</source>
            <translation>列表</translation>
        </message>
        <message>
            <source>set</source>
            <translation>集合</translation>
        </message>
        <message>
            <source>dict</source>
            <translation>字典</translation>
        </message>
        <message>
            <source>await</source>
            <translation>await</translation>
        </message>
        <message>
            <source>yield</source>
            <translation>yield</translation>
        </message>
        <message>
            <source>(did you mean '{name}'?)</source>
            <translation>（是否想写 '{name}'？）</translation>
        </message>
        <message>
            <source>{what} at column {col}</source>
            <translation>第 {col} 列：{what}</translation>
        </message>
        <message>
            <source>{what} at column {col} {hint}</source>
            <translation>第 {col} 列：{what}{hint}</translation>
        </message>
        <message>
            <source>line breaks are not allowed</source>
            <translation>不允许换行</translation>
        </message>
        <message>
            <source>unexpected character {char}</source>
            <translation>意外的字符 {char}</translation>
        </message>
        <message>
            <source>unexpected {token}</source>
            <translation>意外的 {token}</translation>
        </message>
        <message>
            <source>brackets are nested too deeply (more than {n} levels)</source>
            <translation>括号嵌套过深（超过 {n} 层）</translation>
        </message>
        <message>
            <source>formula is too complex to parse</source>
            <translation>公式过于复杂，无法解析</translation>
        </message>
        <message>
            <source>formula ends unexpectedly</source>
            <translation>公式意外结束</translation>
        </message>
        <message>
            <source>unclosed {char}</source>
            <translation>{char} 没有闭合</translation>
        </message>
        <message>
            <source>unmatched {char}</source>
            <translation>{char} 没有配对</translation>
        </message>
        <message>
            <source>strings are not allowed</source>
            <translation>不允许使用字符串</translation>
        </message>
        <message>
            <source>invalid number {token}</source>
            <translation>无效的数字 {token}</translation>
        </message>
        <message>
            <source>(write {name}(...) with parentheses)</source>
            <translation>（请加括号写成 {name}(...)）</translation>
        </message>
        <message>
            <source>(missing operator?)</source>
            <translation>（是否缺少运算符？）</translation>
        </message>
        <message>
            <source>formula is too complex (more than {n} numbers, names and operations)</source>
            <translation>公式过于复杂（数字、名称和运算超过 {n} 个）</translation>
        </message>
        <message>
            <source>formula is nested too deeply (more than {n} levels)</source>
            <translation>公式嵌套过深（超过 {n} 层）</translation>
        </message>
        <message>
            <source>{what} is not allowed</source>
            <translation>不允许使用{what}</translation>
        </message>
        <message>
            <source>operator {op}</source>
            <translation>运算符 {op}</translation>
        </message>
        <message>
            <source>'not'</source>
            <translation>逻辑非 'not'</translation>
        </message>
        <message>
            <source>attribute access is not allowed</source>
            <translation>不允许访问属性</translation>
        </message>
        <message>
            <source>empty parentheses '()' are not allowed</source>
            <translation>不允许使用空括号 '()'</translation>
        </message>
        <message>
            <source>bytes are not allowed</source>
            <translation>不允许使用字节串</translation>
        </message>
        <message>
            <source>complex numbers are not allowed</source>
            <translation>不允许使用复数</translation>
        </message>
        <message>
            <source>only decimal numbers are allowed, not {literal}</source>
            <translation>只允许十进制数，不能写 {literal}</translation>
        </message>
        <message>
            <source>number too large</source>
            <translation>数字过大</translation>
        </message>
        <message>
            <source>function '{name}' needs an argument in parentheses, e.g. {example},</source>
            <translation>函数 '{name}' 需要用括号给出参数，例如 {example}</translation>
        </message>
        <message>
            <source>unknown name '{name}'</source>
            <translation>未知的名称 '{name}'</translation>
        </message>
        <message>
            <source>missing operator before '('</source>
            <translation>'(' 前缺少运算符</translation>
        </message>
        <message>
            <source>'{name}' is not a function</source>
            <translation>'{name}' 不是函数</translation>
        </message>
        <message>
            <source>(write {name}*(...))</source>
            <translation>（请写成 {name}*(...)）</translation>
        </message>
        <message>
            <source>unknown function '{name}'</source>
            <translation>未知的函数 '{name}'</translation>
        </message>
        <message>
            <source>'**' unpacking</source>
            <translation>'**' 解包</translation>
        </message>
        <message>
            <source>keyword arguments are not allowed</source>
            <translation>不允许使用关键字参数</translation>
        </message>
        <message>
            <source>{name}() takes exactly one argument</source>
            <translation>{name}() 只接受一个参数</translation>
        </message>
        <message>
            <source>exponent too large</source>
            <translation>指数过大</translation>
        </message>
        <message>
            <source>power is undefined (not a real number)</source>
            <translation>幂运算无定义（结果不是实数）</translation>
        </message>
        <message>
            <source>division by zero</source>
            <translation>除以零</translation>
        </message>
        <message>
            <source>power is undefined</source>
            <translation>幂运算无定义</translation>
        </message>
        <message>
            <source>{name}() is undefined here</source>
            <translation>{name}() 在此处无定义</translation>
        </message>
        <message>
            <source>formula is too complex to differentiate</source>
            <translation>公式过于复杂，无法求导</translation>
        </message>
        <message>
            <source>formula cannot be differentiated</source>
            <translation>公式无法求导</translation>
        </message>
        <message>
            <source>a parameter vector of {size} values does not fit the network ({expected} parameters)</source>
            <translation>{size} 个值的参数向量与网络不匹配（网络有 {expected} 个参数）</translation>
        </message>
        <message>
            <source>seed must be a whole number &gt;= 0, got {value}</source>
            <translation>seed 必须是 &gt;= 0 的整数，实际为 {value}</translation>
        </message>
        <message>
            <source>PCA directions need at least {n} weight snapshots, got {got}</source>
            <translation>PCA 方向至少需要 {n} 个权重快照，实际为 {got}</translation>
        </message>
        <message>
            <source>the trajectories do not move: PCA directions are undefined</source>
            <translation>轨迹没有移动：无法定义 PCA 方向</translation>
        </message>
        <message>
            <source>the trajectories span fewer than {n} dimensions: PCA directions are undefined</source>
            <translation>轨迹张成的维数少于 {n}：无法定义 PCA 方向</translation>
        </message>
        <message>
            <source>a slice needs at least one example, got {n}</source>
            <translation>切片至少需要一个样本，实际为 {n}</translation>
        </message>
        <message>
            <source>slice coordinates must be finite numbers</source>
            <translation>切片坐标必须是有限数</translation>
        </message>
        <message>
            <source>at least {n} snapshots are needed, got {got}</source>
            <translation>至少需要 {n} 个快照，实际为 {got}</translation>
        </message>
        <message>
            <source>split must be one of {choices}, got '{value}'</source>
            <translation>split 必须是 {choices} 之一，实际为“{value}”</translation>
        </message>
        <message>
            <source>examples must be a whole number &gt;= 1, got {value}</source>
            <translation>examples 必须是 &gt;= 1 的整数，实际为 {value}</translation>
        </message>
        <message>
            <source>centre must be final, init or an optimizer's index, got '{value}'</source>
            <translation>centre 必须是 final、init 或优化器的序号，实际为“{value}”</translation>
        </message>
        <message>
            <source>optimizer index must be in 0..{last}, got {value}</source>
            <translation>优化器序号必须在 0..{last} 之间，实际为 {value}</translation>
        </message>
        <message>
            <source>an end point must be init, final or final:K, got '{value}'</source>
            <translation>端点必须是 init、final 或 final:K，实际为“{value}”</translation>
        </message>
        <message>
            <source>span must be &gt; 0, got {value}</source>
            <translation>span 必须 &gt; 0，实际为 {value}</translation>
        </message>
        <message>
            <source>grid must be a whole number in 2..401, got {value}</source>
            <translation>grid 必须是 2..401 之间的整数，实际为 {value}</translation>
        </message>
        <message>
            <source>directions must be one of {choices}, got '{value}'</source>
            <translation>directions 必须是 {choices} 之一，实际为“{value}”</translation>
        </message>
        <message>
            <source>the range must be two finite numbers, the first below the second, got {lo},{hi}</source>
            <translation>范围必须是两个有限数，且第一个小于第二个，实际为 {lo},{hi}</translation>
        </message>
        <message>
            <source>points must be a whole number in 2..10001, got {value}</source>
            <translation>points 必须是 2..10001 之间的整数，实际为 {value}</translation>
        </message>
        <message>
            <source>{name}: is a folder, not an IDX file</source>
            <translation>{name}：是文件夹，不是 IDX 文件</translation>
        </message>
        <message>
            <source>{name}: truncated header ({n} bytes)</source>
            <translation>{name}：文件头不完整（{n} 字节）</translation>
        </message>
        <message>
            <source>{name}: not an IDX file (magic 0x{value})</source>
            <translation>{name}：不是 IDX 文件（魔数 0x{value}）</translation>
        </message>
        <message>
            <source>{name}: unsupported IDX data type 0x{head} (only unsigned bytes, 0x08)</source>
            <translation>{name}：不支持的 IDX 数据类型 0x{head}（只支持无符号字节 0x08）</translation>
        </message>
        <message>
            <source>{name}: {ndim} dimensions in header (expected 1 to 4)</source>
            <translation>{name}：文件头中有 {ndim} 个维度（应为 1 到 4 个）</translation>
        </message>
        <message>
            <source>{name}: truncated header ({value} bytes)</source>
            <translation>{name}：文件头不完整（{value} 字节）</translation>
        </message>
        <message>
            <source>{name}: empty dimension in header {dims}</source>
            <translation>{name}：文件头 {dims} 中有空维度</translation>
        </message>
        <message>
            <source>{name}: header announces {size} bytes {dims}, more than the limit of {max_bytes}</source>
            <translation>{name}：文件头声明了 {size} 字节 {dims}，超过上限 {max_bytes}</translation>
        </message>
        <message>
            <source>truncated</source>
            <translation>不完整</translation>
        </message>
        <message>
            <source>trailing bytes</source>
            <translation>末尾有多余字节</translation>
        </message>
        <message>
            <source>{name}: {what}: {actual} bytes, header {dims} needs {expected}</source>
            <translation>{name}：{what}：{actual} 字节，文件头 {dims} 需要 {expected}</translation>
        </message>
        <message>
            <source>{name}: truncated: {value} bytes of data, header {dims} needs {expected}</source>
            <translation>{name}：不完整：数据 {value} 字节，文件头 {dims} 需要 {expected}</translation>
        </message>
        <message>
            <source>{name}: trailing bytes after the {expected} that header {dims} announces</source>
            <translation>{name}：在文件头 {dims} 声明的 {expected} 字节之后还有多余字节</translation>
        </message>
        <message>
            <source>{file}: truncated gzip file</source>
            <translation>{file}：gzip 文件不完整</translation>
        </message>
        <message>
            <source>{name}: corrupt {kind} data ({known})</source>
            <translation>{name}：{kind} 数据已损坏（{known}）</translation>
        </message>
        <message>
            <source>{name}: {what}: gzip trailer says {isize} bytes, header {dims} needs {expected} (corrupt or incomplete download?)</source>
            <translation>{name}：{what}：gzip 尾部记录为 {isize} 字节，文件头 {dims} 需要 {expected}（文件损坏或下载不完整？）</translation>
        </message>
        <message>
            <source>{name}, bundled 5k sample ({train} train / {test} test)</source>
            <translation>{name}，内置 5k 样本（训练 {train} / 测试 {test}）</translation>
        </message>
        <message>
            <source>{name}, {train} train / {test} test from {source}</source>
            <translation>{name}，训练 {train} / 测试 {test}，来自 {source}</translation>
        </message>
        <message>
            <source>Get the full {name} set with the Download button or '{command}' (saved in {folder}), or choose a folder holding the four IDX files (train-images-idx3-ubyte[.gz], ...).</source>
            <translation>用“下载”按钮或 '{command}' 获取完整的 {name} 数据集（保存在 {folder}），或选择一个包含四个 IDX 文件（train-images-idx3-ubyte[.gz] 等）的文件夹。</translation>
        </message>
        <message>
            <source>data folder '{folder}' does not exist</source>
            <translation>数据文件夹 '{folder}' 不存在</translation>
        </message>
        <message>
            <source>'{folder}' lacks {known} (raw or .gz)</source>
            <translation>'{folder}' 缺少 {known}（原始文件或 .gz）</translation>
        </message>
        <message>
            <source>{split} images have shape {shape}, expected (N, 28, 28)</source>
            <translation>{split} 图像的形状为 {shape}，应为 (N, 28, 28)</translation>
        </message>
        <message>
            <source>{split} labels have shape {shape}, expected (N,)</source>
            <translation>{split} 标签的形状为 {shape}，应为 (N,)</translation>
        </message>
        <message>
            <source>{n} {split} images but {n2} labels</source>
            <translation>{split} 有 {n} 张图像，却有 {n2} 个标签</translation>
        </message>
        <message>
            <source>{split} labels contain {value} (expected 0 to 9)</source>
            <translation>{split} 标签中含有 {value}（应为 0 到 9）</translation>
        </message>
        <message>
            <source>dataset must be one of {known}, got '{kind}'</source>
            <translation>数据集必须是 {known} 之一，实际为 '{kind}'</translation>
        </message>
        <message>
            <source>bundled sample: {n} images but {n2} labels</source>
            <translation>内置样本：有 {n} 张图像，却有 {n2} 个标签</translation>
        </message>
        <message>
            <source>{name} not found in {folders}. {how}</source>
            <translation>在 {folders} 中找不到 {name}。{how}</translation>
        </message>
        <message>
            <source>{url}: {reason}</source>
            <translation>{url}：{reason}</translation>
        </message>
        <message>
            <source>could not download {file}: {reasons}</source>
            <translation>无法下载 {file}：{reasons}</translation>
        </message>
        <message>
            <source>connection closed after {n} bytes</source>
            <translation>连接在 {n} 字节后关闭</translation>
        </message>
        <message>
            <source>download of {name} cancelled</source>
            <translation>已取消下载 {name}</translation>
        </message>
        <message>
            <source>an HTML page</source>
            <translation>一个 HTML 页面</translation>
        </message>
        <message>
            <source>not a gzip file</source>
            <translation>一个不是 gzip 格式的文件</translation>
        </message>
        <message>
            <source>got {what} instead of {name}</source>
            <translation>收到的是{what}，而不是 {name}</translation>
        </message>
        <message>
            <source>connection closed after {done} of {total} bytes</source>
            <translation>连接在传输 {done} / {total} 字节后被关闭</translation>
        </message>
        <message>
            <source>checksum mismatch (MD5 {value}, expected {md5})</source>
            <translation>校验和不匹配（MD5 为 {value}，应为 {md5}）</translation>
        </message>
        <message>
            <source>out of memory while training; use fewer or smaller hidden layers, fewer optimizers or a smaller batch</source>
            <translation>训练时内存不足；请减少隐藏层的数量或大小、减少优化器或减小批大小</translation>
        </message>
        <message>
            <source>this training needs about {need} of memory, but only {available} is available; use fewer or smaller hidden layers, fewer optimizers or a smaller batch</source>
            <translation>此次训练约需 {need} 内存，但只有 {available} 可用；请减少隐藏层的数量或大小、减少优化器或减小批大小</translation>
        </message>
        <message>
            <source>hidden sizes must be &gt;= 1, got {value}</source>
            <translation>隐藏层大小必须 ≥ 1，实际为 {value}</translation>
        </message>
        <message>
            <source>activation must be one of {known}, got '{value}'</source>
            <translation>激活函数必须是 {known} 之一，实际为 '{value}'</translation>
        </message>
        <message>
            <source>init must be one of {known}, got '{value}'</source>
            <translation>初始化方式必须是 {known} 之一，实际为 '{value}'</translation>
        </message>
        <message>
            <source>weight_decay must be &gt;= 0, got {value}</source>
            <translation>weight_decay 必须 ≥ 0，实际为 {value}</translation>
        </message>
        <message>
            <source>at most {max} optimizers can train side by side, got {n}</source>
            <translation>最多只能同时训练 {max} 个优化器，实际为 {n} 个</translation>
        </message>
        <message>
            <source>{name} needs the Hessian and cannot train a network; choose a first-order optimizer</source>
            <translation>{name} 需要 Hessian 矩阵，无法训练神经网络；请选择一阶优化器</translation>
        </message>
        <message>
            <source>hidden sizes must be whole numbers &gt;= 1, got {value}</source>
            <translation>隐藏层大小必须是 ≥ 1 的整数，实际为 {value}</translation>
        </message>
        <message>
            <source>hidden sizes too large (at most 16 layers of 4096), got {value}</source>
            <translation>隐藏层过大（最多 16 层，每层最多 4096 个单元），实际为 {value}</translation>
        </message>
        <message>
            <source>weight decay must be &gt;= 0, got {value}</source>
            <translation>权重衰减必须 ≥ 0，实际为 {value}</translation>
        </message>
        <message>
            <source>batch size</source>
            <translation>批大小</translation>
        </message>
        <message>
            <source>iterations</source>
            <translation>迭代次数</translation>
        </message>
        <message>
            <source>eval every</source>
            <translation>评估间隔</translation>
        </message>
        <message>
            <source>eval subset</source>
            <translation>评估子集</translation>
        </message>
        <message>
            <source>seed</source>
            <translation>随机种子</translation>
        </message>
        <message>
            <source>{name} must be a whole number &gt;= {low}, got {value}</source>
            <translation>{name} 必须是 ≥ {low} 的整数，实际为 {value}</translation>
        </message>
        <message>
            <source>batch size must be &lt;= 8192, got {value}</source>
            <translation>批大小必须 ≤ 8192，实际为 {value}</translation>
        </message>
        <message>
            <source>epochs must be &gt; 0, got {value}</source>
            <translation>训练轮数必须 &gt; 0，实际为 {value}</translation>
        </message>
        <message>
            <source>t_alpha_beta3 &gt; 0 needs beta1 &gt; 0 and beta3 &gt; 0 (their logarithms are used), got beta1={beta1}, beta3={beta3}</source>
            <translation>t_alpha_beta3 &gt; 0 时要求 beta1 &gt; 0 且 beta3 &gt; 0（计算中要取它们的对数），实际为 beta1={beta1}, beta3={beta3}</translation>
        </message>
        <message>
            <source>unknown hyper-parameter '{key}' for {optimizer}; known: {known}</source>
            <translation>{optimizer} 没有超参数 '{key}'；可用的超参数：{known}</translation>
        </message>
        <message>
            <source>{optimizer} cannot vary '{key}' per row; it can vary: {known}</source>
            <translation>{optimizer} 不能逐行改变“{key}”；可逐行改变的有：{known}</translation>
        </message>
        <message>
            <source>newton needs the Hessian: use it on 2-D surfaces only</source>
            <translation>newton 需要 Hessian 矩阵：只能用于二维曲面</translation>
        </message>
        <message>
            <source>optimizer '{name}' is registered twice</source>
            <translation>优化器 '{name}' 被注册了两次</translation>
        </message>
        <message>
            <source>optimizer must be text, got {value}</source>
            <translation>优化器必须是文本，实际为 {value}</translation>
        </message>
        <message>
            <source>unknown optimizer '{name}'; known: {known}</source>
            <translation>未知的优化器 '{name}'；可用的优化器：{known}</translation>
        </message>
        <message>
            <source>expected key=value in optimizer spec '{spec}', got '{item}'</source>
            <translation>优化器规格 '{spec}' 中应为 参数=值 的形式，实际为 '{item}'</translation>
        </message>
        <message>
            <source>{key} is given twice in optimizer spec '{spec}'</source>
            <translation>优化器规格 '{spec}' 中 {key} 出现了两次</translation>
        </message>
        <message>
            <source>step_min must not exceed step_max, got step_min={step_min}, step_max={step_max}</source>
            <translation>step_min 不能大于 step_max，实际为 step_min={step_min}, step_max={step_max}</translation>
        </message>
        <message>
            <source>nesterov requires momentum &gt; 0 and dampening = 0, got momentum={momentum}, dampening={dampening}</source>
            <translation>nesterov 要求 momentum &gt; 0 且 dampening = 0，实际为 momentum={momentum}, dampening={dampening}</translation>
        </message>
        <message>
            <source>cannot write {file}: {reason}</source>
            <translation>无法写入 {file}：{reason}</translation>
        </message>
        <message>
            <source>Optimizer Race cannot find its data files (looked in {folders}); reinstall it with 'pip install optimizer-race' or from a checkout.</source>
            <translation>优化器竞赛找不到它的数据文件（已查找 {folders}）；请用 'pip install optimizer-race' 或从源码检出重新安装。</translation>
        </message>
        <message>
            <source>unknown action {action}</source>
            <translation>未知的操作 {action}</translation>
        </message>
        <message>
            <source>step {step} on {surface} ({case}): {quantity} is {student}, the reference has {reference}</source>
            <translation>第 {step} 步，{surface}（{case}）：{quantity} 为 {student}，参考实现为 {reference}</translation>
        </message>
        <message>
            <source>{name} matches {against}: {cases} runs of {steps} steps agree within {rtol} (largest difference {worst})</source>
            <translation>{name} 与 {against} 一致：{cases} 次运行、每次 {steps} 步，误差均在 {rtol} 以内（最大差异 {worst}）</translation>
        </message>
        <message>
            <source>{name} differs from {against} at {where}</source>
            <translation>{name} 与 {against} 不一致：{where}</translation>
        </message>
        <message>
            <source>{text}
likely cause: {cause}</source>
            <translation>{text}
可能的原因：{cause}</translation>
        </message>
        <message>
            <source>unknown hyper-parameter '{key}'; known: {known}</source>
            <translation>未知的超参数“{key}”；可用的有：{known}</translation>
        </message>
        <message>
            <source>particle {n}, {coord}</source>
            <translation>粒子 {n}，{coord}</translation>
        </message>
        <message>
            <source>{name} failed on {surface} ({case}): {error}</source>
            <translation>{name} 在 {surface}（{case}）上失败：{error}</translation>
        </message>
        <message>
            <source>expected key=value in --hparams, got '{item}'</source>
            <translation>--hparams 中应为 key=value，实际为“{item}”</translation>
        </message>
        <message>
            <source>{key} is given twice in --hparams</source>
            <translation>--hparams 中 {key} 出现了两次</translation>
        </message>
        <message>
            <source>{file}: NAME must be a word of letters, digits and _, got {value}</source>
            <translation>{file}：NAME 必须是由字母、数字和 _ 组成的单词，实际为 {value}</translation>
        </message>
        <message>
            <source>{file}: HPARAMS must be a dict of name: default, got {kind}</source>
            <translation>{file}：HPARAMS 必须是“名称: 默认值”形式的字典，实际为 {kind}</translation>
        </message>
        <message>
            <source>{file}: HPARAMS has a key that is not a name: {key}</source>
            <translation>{file}：HPARAMS 中有一个键不是合法名称：{key}</translation>
        </message>
        <message>
            <source>{file}: HPARAMS['{key}'] must be a float, int or bool, got {kind}</source>
            <translation>{file}：HPARAMS['{key}'] 必须是浮点数、整数或布尔值，实际为 {kind}</translation>
        </message>
        <message>
            <source>{file}: defines no function {function}()</source>
            <translation>{file}：没有定义函数 {function}()</translation>
        </message>
        <message>
            <source>{file}, line {line}: step() has no parameter '{key}' (every HPARAMS key is passed by name)</source>
            <translation>{file}，第 {line} 行：step() 没有参数“{key}”（HPARAMS 的每个键都按名称传入）</translation>
        </message>
        <message>
            <source>no state {key}</source>
            <translation>没有状态 {key}</translation>
        </message>
        <message>
            <source>step() returned shape {shape}, expected {expected}</source>
            <translation>step() 返回的形状为 {shape}，应为 {expected}</translation>
        </message>
        <message>
            <source>step() returned NaN</source>
            <translation>step() 返回了 NaN</translation>
        </message>
        <message>
            <source>{file}: not a Python file</source>
            <translation>{file}：不是 Python 文件</translation>
        </message>
        <message>
            <source>unknown exercise '{name}'; known: {known}</source>
            <translation>未知的练习“{name}”；可用的有：{known}</translation>
        </message>
        <message>
            <source>{file}: no such file</source>
            <translation>{file}：文件不存在</translation>
        </message>
        <message>
            <source>{error}</source>
            <translation>{error}</translation>
        </message>
        <message>
            <source>{file}: {doing} took longer than {seconds} s (an endless loop?); stopped</source>
            <translation>{file}：{doing} 超过 {seconds} 秒（死循环？）；已停止</translation>
        </message>
        <message>
            <source>{file}: the process running it crashed ({status}) while {doing}</source>
            <translation>{file}：运行它的进程在{doing}时崩溃（{status}）</translation>
        </message>
        <message>
            <source>{file}: the process running it crashed ({status})</source>
            <translation>{file}：运行它的进程崩溃了（{status}）</translation>
        </message>
        <message>
            <source>{file}: its process was stopped after an error; save the file to load it again</source>
            <translation>{file}：出错后其进程已停止；保存文件即可重新加载</translation>
        </message>
        <message>
            <source>{file}: its process was stopped (after an error or a reload); restart the race</source>
            <translation>{file}：其进程已停止（出错或重新加载之后）；请重新开始比赛</translation>
        </message>
        <message>
            <source>the bias correction is missing (divide m by 1 - beta1^t and v by 1 - beta2^t)</source>
            <translation>缺少偏差修正（m 应除以 1 - beta1^t，v 应除以 1 - beta2^t）</translation>
        </message>
        <message>
            <source>eps is added before the bias correction; torch adds it after: sqrt(v_hat) + eps</source>
            <translation>eps 在偏差修正之前加入；torch 在之后加入：sqrt(v_hat) + eps</translation>
        </message>
        <message>
            <source>eps is inside the square root; torch adds it outside: sqrt(v_hat) + eps</source>
            <translation>eps 在平方根内；torch 在平方根外加入：sqrt(v_hat) + eps</translation>
        </message>
        <message>
            <source>the first moment m is not bias-corrected</source>
            <translation>一阶矩 m 没有做偏差修正</translation>
        </message>
        <message>
            <source>the second moment v is not bias-corrected</source>
            <translation>二阶矩 v 没有做偏差修正</translation>
        </message>
        <message>
            <source>wrong decay: the averages keep (1 - beta) of the old value and add beta times the new one; it is m = beta1*m + (1 - beta1)*g</source>
            <translation>衰减写错了：平均值保留了旧值的 (1 - beta)，并加上 beta 倍的新值；正确的是 m = beta1*m + (1 - beta1)*g</translation>
        </message>
        <message>
            <source>eps is inside the square root and the decay is wrong (alpha and 1 - alpha are swapped)</source>
            <translation>eps 在平方根内，而且衰减写错了（alpha 与 1 - alpha 互换了）</translation>
        </message>
        <message>
            <source>eps is inside the square root; torch adds it outside: sqrt(v) + eps</source>
            <translation>eps 在平方根内；torch 在平方根外加入：sqrt(v) + eps</translation>
        </message>
        <message>
            <source>wrong decay: alpha and 1 - alpha are swapped; it is v = alpha*v + (1 - alpha)*g^2</source>
            <translation>衰减写错了：alpha 与 1 - alpha 互换了；正确的是 v = alpha*v + (1 - alpha)*g^2</translation>
        </message>
        <message>
            <source>the square root is missing: divide by sqrt(v) + eps</source>
            <translation>缺少平方根：应除以 sqrt(v) + eps</translation>
        </message>
        <message>
            <source>eps is inside the square root; torch adds it outside: sqrt(sum) + eps</source>
            <translation>eps 在平方根内；torch 在平方根外加入：sqrt(sum) + eps</translation>
        </message>
        <message>
            <source>the square root is missing: divide by sqrt(sum) + eps</source>
            <translation>缺少平方根：应除以 sqrt(sum) + eps</translation>
        </message>
        <message>
            <source>the sum of squared gradients decays; AdaGrad keeps the whole sum</source>
            <translation>梯度平方和被衰减了；AdaGrad 保留全部累加和</translation>
        </message>
        <message>
            <source>wrong decay: the velocity adds (1 - momentum)*g; torch adds g itself: b = momentum*b + g</source>
            <translation>衰减写错了：速度加的是 (1 - momentum)*g；torch 直接加 g：b = momentum*b + g</translation>
        </message>
        <message>
            <source>this is Nesterov momentum; plain momentum steps along the velocity b</source>
            <translation>这是 Nesterov 动量；普通动量沿速度 b 前进</translation>
        </message>
        <message>
            <source>the momentum is missing: the step uses the gradient, not the velocity</source>
            <translation>缺少动量：这一步用的是梯度，而不是速度</translation>
        </message>
        <message>
            <source>this is plain momentum; Nesterov steps along g + momentum*b with the new b</source>
            <translation>这是普通动量；Nesterov 沿 g + momentum*b（用新的 b）前进</translation>
        </message>
        <message>
            <source>the look-ahead uses the old velocity; use the updated one: g + momentum*b_t</source>
            <translation>前瞻用了旧的速度；应使用更新后的速度：g + momentum*b_t</translation>
        </message>
        <message>
            <source>wrong decay: the velocity adds (1 - momentum)*g; torch adds g itself</source>
            <translation>衰减写错了：速度加的是 (1 - momentum)*g；torch 直接加 g</translation>
        </message>
        <message>
            <source>{file}: not started</source>
            <translation>{file}：尚未启动</translation>
        </message>
        <message>
            <source>{file}: NAME '{name}' is a built-in optimizer; choose another name</source>
            <translation>{file}：NAME“{name}”是内置优化器；请换一个名称</translation>
        </message>
        <message>
            <source>{file}: NAME '{name}' is already used by {other}</source>
            <translation>{file}：NAME“{name}”已被 {other} 使用</translation>
        </message>
        <message>
            <source>{name} is not a student's file</source>
            <translation>{name} 不是学生的文件</translation>
        </message>
        <message>
            <source>plugins must be a list of at most {n} files</source>
            <translation>plugins 必须是最多 {n} 个文件的列表</translation>
        </message>
        <message>
            <source>a plugin reference must have a name, a path and a sha256</source>
            <translation>插件引用必须包含名称、路径和 sha256</translation>
        </message>
        <message>
            <source>{name} must be an object, got {value}</source>
            <translation>{name} 必须是对象，实际为 {value}</translation>
        </message>
        <message>
            <source>{name} must have text keys, got {value}</source>
            <translation>{name} 的键必须是文本，实际为 {value}</translation>
        </message>
        <message>
            <source>schedule must be a Schedule, got {value}</source>
            <translation>学习率调度必须是 Schedule，实际为 {value}</translation>
        </message>
        <message>
            <source>a racer must be an object with an 'optimizer', got {value}</source>
            <translation>选手必须是带有 'optimizer' 的对象，实际为 {value}</translation>
        </message>
        <message>
            <source>surface must be a name or a formula, got {value}</source>
            <translation>曲面必须是名称或公式，实际为 {value}</translation>
        </message>
        <message>
            <source>racers must be a list</source>
            <translation>racers 必须是列表</translation>
        </message>
        <message>
            <source>minima must be at most {max} (x, y, f) triples, got {value}</source>
            <translation>minima 必须是至多 {max} 个 (x, y, f) 三元组，实际为 {value}</translation>
        </message>
        <message>
            <source>a race must be a JSON object</source>
            <translation>竞速描述必须是 JSON 对象</translation>
        </message>
        <message>
            <source>a race has at most {max} racers, got {n}</source>
            <translation>一场竞速最多有 {max} 名选手，实际为 {n}</translation>
        </message>
        <message>
            <source>racer {n}: {detail}</source>
            <translation>第 {n} 名选手：{detail}</translation>
        </message>
        <message>
            <source>max_points must be at least 4, got {max_points}</source>
            <translation>max_points 至少为 4，实际为 {max_points}</translation>
        </message>
        <message>
            <source>f is not defined (or not finite) at the start {point} of {racer}; choose another start</source>
            <translation>f 在 {racer} 的起点 {point} 处没有定义（或不是有限值）；请另选起点</translation>
        </message>
        <message>
            <source>start {point} is beyond the bound {bound}</source>
            <translation>起点 {point} 超出了边界 {bound}</translation>
        </message>
        <message>
            <source>schedule kind must be text, got {value}</source>
            <translation>学习率调度的类型必须是文本，实际为 {value}</translation>
        </message>
        <message>
            <source>unknown schedule '{kind}'; known: {known}</source>
            <translation>未知的学习率调度 '{kind}'；可用的调度：{known}</translation>
        </message>
        <message>
            <source>schedule params must be an object, got {value}</source>
            <translation>学习率调度的参数必须是对象，实际为 {value}</translation>
        </message>
        <message>
            <source>unknown parameter '{key}' for schedule {kind}; known: {known}</source>
            <translation>学习率调度 {kind} 没有参数 '{key}'；可用的参数：{known}</translation>
        </message>
        <message>
            <source>schedule must be an object, got {value}</source>
            <translation>学习率调度必须是对象，实际为 {value}</translation>
        </message>
        <message>
            <source>expected key=value in schedule '{text}', got '{item}'</source>
            <translation>学习率调度 '{text}' 中应为 参数=值 的形式，实际为 '{item}'</translation>
        </message>
        <message>
            <source>{key} is given twice in schedule '{text}'</source>
            <translation>学习率调度 '{text}' 中 {key} 出现了两次</translation>
        </message>
        <message>
            <source>cannot read {file}: {reason}</source>
            <translation>无法读取 {file}：{reason}</translation>
        </message>
        <message>
            <source>cannot read {file}: not UTF-8 text ({reason})</source>
            <translation>无法读取 {file}：不是 UTF-8 文本（{reason}）</translation>
        </message>
        <message>
            <source>{file} is too large for a session file (more than {max} characters)</source>
            <translation>{file} 太大，不能作为会话文件（超过 {max} 个字符）</translation>
        </message>
        <message>
            <source>{name} is not a number in JSON</source>
            <translation>{name} 在 JSON 中不是数字</translation>
        </message>
        <message>
            <source>{name} is not text</source>
            <translation>{name} 不是文本</translation>
        </message>
        <message>
            <source>{file} is nested too deeply (more than {max} levels)</source>
            <translation>{file} 嵌套过深（超过 {max} 层）</translation>
        </message>
        <message>
            <source>{file} is not valid JSON (line {line}: {reason})</source>
            <translation>{file} 不是有效的 JSON（第 {line} 行：{reason}）</translation>
        </message>
        <message>
            <source>{file} is not valid JSON ({detail})</source>
            <translation>{file} 不是有效的 JSON（{detail}）</translation>
        </message>
        <message>
            <source>not an Optimizer Race session file</source>
            <translation>不是优化器竞赛的会话文件</translation>
        </message>
        <message>
            <source>session file version {version} is not supported</source>
            <translation>不支持版本为 {version} 的会话文件</translation>
        </message>
        <message>
            <source>too long to replay: {steps} steps x {n} racers = {total} racer-steps, at most {max}</source>
            <translation>重放过长：{steps} 步 × {n} 名选手 = {total} 选手步，最多 {max}</translation>
        </message>
        <message>
            <source>invalid session: {detail}</source>
            <translation>会话无效：{detail}</translation>
        </message>
        <message>
            <source>display must be a list, got {value}</source>
            <translation>display 必须是列表，实际为 {value}</translation>
        </message>
        <message>
            <source>display has {n} entries for {racers} racers</source>
            <translation>display 有 {n} 项，但只有 {racers} 名选手</translation>
        </message>
        <message>
            <source>display must be an object, got {value}</source>
            <translation>display 必须是对象，实际为 {value}</translation>
        </message>
        <message>
            <source>colour must be #RRGGBB, got {value}</source>
            <translation>颜色必须为 #RRGGBB 格式，实际为 {value}</translation>
        </message>
        <message>
            <source>unknown surface {name}; known: {known}</source>
            <translation>未知的曲面 {name}；可用的曲面：{known}</translation>
        </message>
        <message>
            <source>{name} has {n} values for {count} starts</source>
            <translation>{name} 有 {n} 个值，但起点有 {count} 个</translation>
        </message>
        <message>
            <source>a swept parameter is PARAM=LOW:HIGH:COUNT[:log], got '{value}'</source>
            <translation>扫描参数的格式为 PARAM=LOW:HIGH:COUNT[:log]，得到的是“{value}”</translation>
        </message>
        <message>
            <source>{name} cannot be swept: only real-valued hyper-parameters can</source>
            <translation>{name} 不能扫描：只有实数超参数可以扫描</translation>
        </message>
        <message>
            <source>count must be a whole number, got '{value}'</source>
            <translation>数量必须是整数，得到的是“{value}”</translation>
        </message>
        <message>
            <source>count must be at least 1, got {value}</source>
            <translation>数量至少为 1，得到的是 {value}</translation>
        </message>
        <message>
            <source>a log range needs LOW &gt; 0, got {value}</source>
            <translation>对数范围要求 LOW &gt; 0，得到的是 {value}</translation>
        </message>
        <message>
            <source>{n} cells is too many (at most {max})</source>
            <translation>{n} 个单元格太多（最多 {max} 个）</translation>
        </message>
        <message>
            <source>steps must be in [1, {max}], got {value}</source>
            <translation>步数必须在 [1, {max}] 内，得到的是 {value}</translation>
        </message>
        <message>
            <source>the two swept parameters must differ, got {name} twice</source>
            <translation>两个扫描参数必须不同，{name} 出现了两次</translation>
        </message>
        <message>
            <source>{name} is swept and also given a fixed value</source>
            <translation>{name} 既被扫描又被指定了固定值</translation>
        </message>
        <message>
            <source>--scheduler needs the 'distributed' package (pip install distributed)</source>
            <translation>--scheduler 需要“distributed”包（pip install distributed）</translation>
        </message>
        <message>
            <source>hidden sizes must be comma-separated whole numbers, got '{value}'</source>
            <translation>隐藏层大小必须是用逗号分隔的整数，实际为 '{value}'</translation>
        </message>
        <message>
            <source>give at least one hidden layer size, e.g. 100</source>
            <translation>请至少给出一个隐藏层大小，例如 100</translation>
        </message>
        <message>
            <source>{name} needs the Hessian; choose a first-order optimizer</source>
            <translation>{name} 需要 Hessian 矩阵；请选择一阶优化器</translation>
        </message>
    </context>
    <context>
        <name>ExercisesDialog</name>
        <message>
            <source>Lab exercises</source>
            <translation>实验练习</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>开始</translation>
        </message>
        <message>
            <source>Write the template into your exercises folder and open it in your editor</source>
            <translation>把模板写入你的练习文件夹，并在编辑器中打开</translation>
        </message>
        <message>
            <source>Race it</source>
            <translation>参加比赛</translation>
        </message>
        <message>
            <source>Add your file to the race as a racer</source>
            <translation>把你的文件作为选手加入比赛</translation>
        </message>
        <message>
            <source>Cannot write the template: {0}</source>
            <translation>无法写入模板：{0}</translation>
        </message>
        <message>
            <source>Your file: {0}</source>
            <translation>你的文件：{0}</translation>
        </message>
        <message>
            <source>Checked against: {0}</source>
            <translation>对照检查：{0}</translation>
        </message>
        <message>
            <source>Exercises folder: {0}</source>
            <translation>练习文件夹：{0}</translation>
        </message>
        <message>
            <source>Hyper-parameter editors and command-line flags are generated from HPARAMS (floats, ints, bools).</source>
            <translation>超参数编辑器和命令行参数根据 HPARAMS 自动生成（浮点数、整数、布尔值）。</translation>
        </message>
        <message>
            <source>Optional: HESSIAN = True, then step() also receives hessian; the module's docstring is shown as the explanation.</source>
            <translation>可选：HESSIAN = True，则 step() 还会收到 hessian；模块的文档字符串会作为说明显示。</translation>
        </message>
        <message>
            <source>In races the hyper-parameters arrive as floats. In sweeps they arrive as arrays that broadcast per row: numpy code written with ufuncs works in both.</source>
            <translation>在比赛中超参数以浮点数传入；在参数扫描中以按行广播的数组传入：用 ufunc 编写的 numpy 代码在两种情况下都能运行。</translation>
        </message>
        <message>
            <source>Your file runs in a separate process with limited memory and 5 s per step. An error shows as one line with the file and line number; the race goes on without that racer.</source>
            <translation>你的文件在独立进程中运行，内存受限，每步最多 5 秒。出错时会显示一行信息，包含文件名和行号；比赛会在没有该选手的情况下继续。</translation>
        </message>
        <message>
            <source>Racers ▸ Add ▸ From file… races it; the app reloads it when you save. On the command line: python main.py race --plugin my_adam.py --optimizer my_adam:lr=0.1</source>
            <translation>通过“选手 ▸ 添加 ▸ 从文件…”让它参赛；保存文件时应用会自动重新加载。命令行：python main.py race --plugin my_adam.py --optimizer my_adam:lr=0.1</translation>
        </message>
        <message>
            <source>Check it against the built-in: python main.py check my_adam.py --against adam</source>
            <translation>与内置优化器对照检查：python main.py check my_adam.py --against adam</translation>
        </message>
        <message>
            <source>Your own optimizer file</source>
            <translation>你自己的优化器文件</translation>
        </message>
    </context>
    <context>
        <name>Export</name>
        <message>
            <source>Writing the exact trajectories of {0} steps…</source>
            <translation>正在写入 {0} 步的精确轨迹…</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Export CSV</source>
            <translation>导出 CSV</translation>
        </message>
        <message>
            <source>Could not write {0}: {1}. A file already there is unchanged.</source>
            <translation>无法写入 {0}：{1}。该位置原有的文件保持不变。</translation>
        </message>
        <message>
            <source>Could not create {0}: {1}. Nothing was written.</source>
            <translation>无法生成 {0}：{1}。没有写入任何文件。</translation>
        </message>
        <message>
            <source>the disk is full</source>
            <translation>磁盘已满</translation>
        </message>
        <message>
            <source>your disk quota is used up</source>
            <translation>磁盘配额已用完</translation>
        </message>
        <message>
            <source>the file is larger than allowed here</source>
            <translation>文件超过此处允许的大小</translation>
        </message>
        <message>
            <source>permission denied</source>
            <translation>没有权限</translation>
        </message>
        <message>
            <source>the disk is read-only</source>
            <translation>磁盘为只读</translation>
        </message>
        <message>
            <source>the folder does not exist</source>
            <translation>文件夹不存在</translation>
        </message>
        <message>
            <source>a folder has that name</source>
            <translation>已有同名文件夹</translation>
        </message>
        <message>
            <source>the name is too long</source>
            <translation>文件名过长</translation>
        </message>
        <message>
            <source>the disk reported an error</source>
            <translation>磁盘报告了错误</translation>
        </message>
    </context>
    <context>
        <name>ExportActions</name>
        <message>
            <source>Export {0}</source>
            <translation>导出 {0}</translation>
        </message>
        <message>
            <source>Exported {0}</source>
            <translation>已导出 {0}</translation>
        </message>
        <message>
            <source>MP4 export</source>
            <translation>MP4 导出</translation>
        </message>
        <message>
            <source>MP4 export needs the optional imageio-ffmpeg package: pip install "optimizer-race[video]". The animated GIF needs nothing.</source>
            <translation>MP4 导出需要可选的 imageio-ffmpeg 软件包：pip install "optimizer-race[video]"。GIF 动画无需额外安装。</translation>
        </message>
        <message>
            <source>Animated GIF (*.gif)</source>
            <translation>GIF 动画 (*.gif)</translation>
        </message>
        <message>
            <source>MP4 video (*.mp4)</source>
            <translation>MP4 视频 (*.mp4)</translation>
        </message>
        <message>
            <source>Rendering frames…</source>
            <translation>正在渲染帧…</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Exported {0} ({1} frames)</source>
            <translation>已导出 {0}（{1} 帧）</translation>
        </message>
        <message>
            <source>Export failed</source>
            <translation>导出失败</translation>
        </message>
    </context>
    <context>
        <name>GeneralizationPlots</name>
        <message>
            <source>step</source>
            <translation>步数</translation>
        </message>
        <message>
            <source>error</source>
            <translation>误差</translation>
        </message>
        <message>
            <source>Training error</source>
            <translation>训练误差</translation>
        </message>
        <message>
            <source>Test error</source>
            <translation>测试误差</translation>
        </message>
        <message>
            <source>Training loss (least squares)</source>
            <translation>训练损失（最小二乘）</translation>
        </message>
        <message>
            <source>loss</source>
            <translation>损失</translation>
        </message>
        <message>
            <source>Weights on the shared features</source>
            <translation>共享特征上的权重</translation>
        </message>
        <message>
            <source>weight</source>
            <translation>权重</translation>
        </message>
        <message>
            <source>feature</source>
            <translation>特征</translation>
        </message>
        <message>
            <source>x₁ = label</source>
            <translation>x₁ = 标签</translation>
        </message>
        <message>
            <source>optimizer</source>
            <translation>优化器</translation>
        </message>
        <message>
            <source>train error</source>
            <translation>训练误差</translation>
        </message>
        <message>
            <source>test error</source>
            <translation>测试误差</translation>
        </message>
        <message>
            <source>fraction of negative test labels = {0}</source>
            <translation>测试集中负标签的比例 = {0}</translation>
        </message>
        <message>
            <source>Training set: {0} positive, {1} negative. Predicting +1 for every test point gives test error {2}.</source>
            <translation>训练集：{0} 个正例，{1} 个负例。对所有测试点都预测 +1，测试误差为 {2}。</translation>
        </message>
        <message>
            <source>{0} steps × {1} optimizers in {2} s</source>
            <translation>{0} 步 × {1} 个优化器，用时 {2} 秒</translation>
        </message>
    </context>
    <context>
        <name>HParam</name>
        <message>
            <source>true or false</source>
            <translation>true 或 false</translation>
        </message>
        <message>
            <source>true</source>
            <translation>true</translation>
        </message>
        <message>
            <source>false</source>
            <translation>false</translation>
        </message>
    </context>
    <context>
        <name>Help</name>
        <message>
            <source>θ: the parameters, here the racer's position (x, y); gₜ = ∇f(θₜ₋₁): the gradient at step t; γ: the learning rate (lr); λ: weight decay; ε: a small constant that prevents division by zero. Squares, roots, products and divisions of vectors are taken coordinate by coordinate.</source>
            <translation>θ：参数，这里即选手的位置 (x, y)；gₜ = ∇f(θₜ₋₁)：第 t 步的梯度；γ：学习率（lr）；λ：权重衰减；ε：防止除以零的小常数。向量的平方、开方、乘法和除法均逐坐标进行。</translation>
        </message>
        <message>
            <source>second-order: uses the exact Hessian</source>
            <translation>二阶方法：使用精确的 Hessian 矩阵</translation>
        </message>
        <message>
            <source>Update rule</source>
            <translation>更新规则</translation>
        </message>
        <message>
            <source>Hyper-parameters</source>
            <translation>超参数</translation>
        </message>
        <message>
            <source>name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>default</source>
            <translation>默认值</translation>
        </message>
        <message>
            <source>valid range</source>
            <translation>取值范围</translation>
        </message>
        <message>
            <source>meaning</source>
            <translation>含义</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>出处</translation>
        </message>
        <message>
            <source>Paper: {paper}</source>
            <translation>论文：{paper}</translation>
        </message>
        <message>
            <source>Reference implementation: {code}</source>
            <translation>参考实现：{code}</translation>
        </message>
        <message>
            <source>Command line: {code}</source>
            <translation>命令行：{code}</translation>
        </message>
        <message>
            <source>Click or drag on the map</source>
            <translation>在地图上单击或拖动</translation>
        </message>
        <message>
            <source>set the common start point</source>
            <translation>设置公共起点</translation>
        </message>
        <message>
            <source>Mouse wheel, right-drag</source>
            <translation>鼠标滚轮、右键拖动</translation>
        </message>
        <message>
            <source>zoom the map or a plot</source>
            <translation>缩放地图或曲线图</translation>
        </message>
        <message>
            <source>Left-drag on a plot</source>
            <translation>在曲线图上左键拖动</translation>
        </message>
        <message>
            <source>pan</source>
            <translation>平移</translation>
        </message>
        <message>
            <source>Keyboard shortcuts</source>
            <translation>键盘快捷键</translation>
        </message>
        <message>
            <source>Read from the menus of this window.</source>
            <translation>读取自本窗口的菜单。</translation>
        </message>
        <message>
            <source>Mouse</source>
            <translation>鼠标</translation>
        </message>
        <message>
            <source>lab session class teacher offline mnist data folder presets projector large fonts theme language save sessions hand out command line cli scripted crash autosave</source>
            <translation>实验课 上机 课堂 教师 离线 MNIST 数据 文件夹 预设 投影仪 大字体 主题 语言 保存 会话 分发 命令行 脚本 崩溃 自动保存</translation>
        </message>
        <message>
            <source>Guide for lab sessions</source>
            <translation>实验课指南</translation>
        </message>
        <message>
            <source>1. Prepare the machines (no internet needed)</source>
            <translation>1. 准备机器（无需联网）</translation>
        </message>
        <message>
            <source>2. In class: presets</source>
            <translation>2. 课堂上：预设</translation>
        </message>
        <message>
            <source>3. On a projector</source>
            <translation>3. 使用投影仪</translation>
        </message>
        <message>
            <source>4. Hand out and collect work</source>
            <translation>4. 分发和收集作业</translation>
        </message>
        <message>
            <source>5. Scripted labs (command line)</source>
            <translation>5. 脚本化实验（命令行）</translation>
        </message>
        <message>
            <source>6. If something goes wrong</source>
            <translation>6. 如果出了问题</translation>
        </message>
        <message>
            <source>Optimizer Race runs entirely offline. This page tells you how to prepare the machines, what to show in class, and how to hand work out and collect it.</source>
            <translation>优化器竞赛完全离线运行。本页介绍如何准备机器、课堂上演示什么，以及如何分发和收集作业。</translation>
        </message>
        <message>
            <source>Install once per machine with the set-up command of the README, or copy the standalone bundle, which needs no Python. Start it from the desktop menu or with the optimizer-race command.</source>
            <translation>在每台机器上用 README 中的安装命令安装一次，或者复制不需要 Python 的独立打包版。从桌面菜单或用 optimizer-race 命令启动。</translation>
        </message>
        <message>
            <source>MNIST works out of the box with the bundled 5k sample (4,000 training and 1,000 test digits). For the full set, copy the four files {files} (raw or .gz) into this folder on each machine: {folder}</source>
            <translation>MNIST 开箱即用，内置 5k 样本（4,000 个训练数字和 1,000 个测试数字）。如需完整数据集，请把四个文件 {files}（原始文件或 .gz）复制到每台机器的以下文件夹中：{folder}</translation>
        </message>
        <message>
            <source>Fashion-MNIST goes into {folder}.</source>
            <translation>Fashion-MNIST 放到 {folder}。</translation>
        </message>
        <message>
            <source>Or choose any folder (a USB stick, a network share) in the MNIST tab under Source.</source>
            <translation>也可以在 MNIST 标签页的“来源”中选择任意文件夹（U 盘、网络共享目录）。</translation>
        </message>
        <message>
            <source>To get the files, run this on one machine with internet, then copy the folder: {command}</source>
            <translation>获取这些文件的方法：在一台联网的机器上运行下面的命令，然后复制该文件夹：{command}</translation>
        </message>
        <message>
            <source>Settings are stored in {settings}; autosave and logs in {data}.</source>
            <translation>设置保存在 {settings}；自动保存和日志在 {data}。</translation>
        </message>
        <message>
            <source>View ▸ Reset to defaults restores a clean machine between groups.</source>
            <translation>在两组学生之间，用“视图 ▸ 恢复默认设置”让机器恢复干净状态。</translation>
        </message>
        <message>
            <source>Each preset sets the surface, the racers, their hyper-parameters and the start, ready to play with Space. A good order for a first session:</source>
            <translation>每个预设都设定好曲面、选手、它们的超参数和起点，按空格键即可开始。第一次上课建议按以下顺序：</translation>
        </message>
        <message>
            <source>Then let students change one thing at a time: the learning rate, β, the start point (click on the map), or type their own surface formula.</source>
            <translation>然后让学生每次只改变一个因素：学习率、β、起点（在地图上单击），或者输入自己的曲面公式。</translation>
        </message>
        <message>
            <source>Ctrl+L: large fonts everywhere, readable from the back of the room.</source>
            <translation>Ctrl+L：全局大字体，教室后排也能看清。</translation>
        </message>
        <message>
            <source>View ▸ Theme ▸ Light usually projects best; Dark suits dim rooms.</source>
            <translation>“视图 ▸ 主题 ▸ 浅色”通常投影效果最好；深色适合光线较暗的教室。</translation>
        </message>
        <message>
            <source>View ▸ Language switches between English and Simplified Chinese at once; the race goes on.</source>
            <translation>“视图 ▸ 语言”可即时在英文和简体中文之间切换，竞速不会中断。</translation>
        </message>
        <message>
            <source>G shows the gradient field, F fits the view, ← and → step through the race.</source>
            <translation>G 显示梯度场，F 适配视图，← 和 → 逐步查看竞速过程。</translation>
        </message>
        <message>
            <source>File ▸ Save session writes a small JSON file with the surface, the racers and the step; File ▸ Open replays it exactly on any machine. Hand these out as exercises and collect the students’ answers the same way.</source>
            <translation>“文件 ▸ 保存会话”会写出一个小 JSON 文件，包含曲面、选手和当前步数；“文件 ▸ 打开”可在任何机器上精确重现。可以把它们作为练习分发，并用同样的方式收集学生的答案。</translation>
        </message>
        <message>
            <source>File ▸ Export: the map as PNG or SVG for reports, the trajectories as CSV for spreadsheets, the race as an animated GIF.</source>
            <translation>“文件 ▸ 导出”：把地图导出为 PNG 或 SVG 用于报告，把轨迹导出为 CSV 用于电子表格，把竞速导出为 GIF 动画。</translation>
        </message>
        <message>
            <source>Students’ own optimizers: Help ▸ Lab exercises has five exercises (momentum, Nesterov, AdaGrad, Adam’s bias correction, a buggy RMSprop) with the task, a template and a Check button. Racers ▸ Add ▸ From file… races a student’s file, reloaded on every save; Racers ▸ Check my optimizer… compares it with the built-in step by step. The file runs in a separate, limited process. Its format:</source>
            <translation>学生自己的优化器：“帮助 ▸ 实验练习”提供五个练习（动量、Nesterov、AdaGrad、Adam 的偏差校正、有错误的 RMSprop），每个都有任务说明、模板和“检查”按钮。“选手 ▸ 添加 ▸ 从文件…”让学生的文件参赛，每次保存都会重新加载；“选手 ▸ 检查我的优化器…”将其与内置优化器逐步比较。该文件在独立的受限进程中运行。文件格式：</translation>
        </message>
        <message>
            <source>The same engine runs without a window, for exercises in Python or a spreadsheet:</source>
            <translation>同一个引擎也可以不开窗口运行，用于 Python 或电子表格练习：</translation>
        </message>
        <message>
            <source>An unexpected error shows a dialog with a Copy report button and is written to the logs folder; the app keeps running. The race is autosaved every 45 seconds, and after a crash the app offers to restore it at the next start.</source>
            <translation>发生意外错误时，会弹出带“复制报告”按钮的对话框，并把报告写入日志文件夹；程序会继续运行。竞速每 45 秒自动保存一次，如果程序崩溃，下次启动时会提示恢复。</translation>
        </message>
        <message>
            <source>every optimizer and its hyper-parameters</source>
            <translation>所有优化器及其超参数</translation>
        </message>
        <message>
            <source>the surface catalogue</source>
            <translation>曲面目录</translation>
        </message>
    </context>
    <context>
        <name>HelpDialog</name>
        <message>
            <source>Optimizer Race: optimizers and lab guide</source>
            <translation>优化器竞赛：优化器与实验指南</translation>
        </message>
        <message>
            <source>Search optimizers and guides…</source>
            <translation>搜索优化器和指南…</translation>
        </message>
        <message>
            <source>Guides</source>
            <translation>指南</translation>
        </message>
        <message>
            <source>Guide for lab sessions</source>
            <translation>实验课指南</translation>
        </message>
        <message>
            <source>Keyboard shortcuts</source>
            <translation>键盘快捷键</translation>
        </message>
        <message>
            <source>keyboard shortcuts keys</source>
            <translation>键盘 快捷键 按键</translation>
        </message>
        <message>
            <source>Optimizers</source>
            <translation>优化器</translation>
        </message>
    </context>
    <context>
        <name>InspectorPanel</name>
        <message>
            <source>quantity</source>
            <translation>量</translation>
        </message>
        <message>
            <source>value</source>
            <translation>值</translation>
        </message>
        <message>
            <source>Select a racer to look inside its optimizer.</source>
            <translation>选择一名选手，查看其优化器的内部状态。</translation>
        </message>
        <message>
            <source>{paper} · reference: {reference}</source>
            <translation>{paper} · 参考实现：{reference}</translation>
        </message>
        <message>
            <source>(no update rule given)</source>
            <translation>（未提供更新规则）</translation>
        </message>
        <message>
            <source>Diverged at step {0}: state shown is the last finite one (step {1}).</source>
            <translation>在第 {0} 步发散：显示的是最后一个有限的状态（第 {1} 步）。</translation>
        </message>
        <message>
            <source>The cursor is at step {0}; state shown at step {1} (the latest simulated).</source>
            <translation>游标位于第 {0} 步；显示的是第 {1} 步（最新模拟到的一步）的状态。</translation>
        </message>
        <message>
            <source>Live state at step {0}.</source>
            <translation>第 {0} 步的实时状态。</translation>
        </message>
        <message>
            <source>step</source>
            <translation>步数</translation>
        </message>
        <message>
            <source>learning rate</source>
            <translation>学习率</translation>
        </message>
        <message>
            <source>position θ</source>
            <translation>位置 θ</translation>
        </message>
        <message>
            <source>gradient g</source>
            <translation>梯度 g</translation>
        </message>
        <message>
            <source>update Δθ</source>
            <translation>更新量 Δθ</translation>
        </message>
        <message>
            <source>loss f(θ)</source>
            <translation>损失 f(θ)</translation>
        </message>
        <message>
            <source>At step {0}</source>
            <translation>第 {0} 步</translation>
        </message>
        <message>
            <source>Optimizer state</source>
            <translation>优化器状态</translation>
        </message>
        <message>
            <source>(none)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <source>{0} otherwise</source>
            <translation>其他情况为 {0}</translation>
        </message>
        <message>
            <source>{0} if {1}</source>
            <translation>若 {1} 则为 {0}</translation>
        </message>
        <message>
            <source>array of shape {0}</source>
            <translation>形状为 {0} 的数组</translation>
        </message>
    </context>
    <context>
        <name>Lab</name>
        <message>
            <source>Add a racer from your optimizer file</source>
            <translation>从你的优化器文件添加选手</translation>
        </message>
        <message>
            <source>Python (*.py)</source>
            <translation>Python 文件 (*.py)</translation>
        </message>
        <message>
            <source>Loading {0}…</source>
            <translation>正在加载 {0}…</translation>
        </message>
        <message>
            <source>Loaded {0} from {1}</source>
            <translation>已从 {1} 加载 {0}</translation>
        </message>
        <message>
            <source>{0} stopped at step {1}: {2}</source>
            <translation>{0} 在第 {1} 步停止：{2}</translation>
        </message>
        <message>
            <source>Check my optimizer</source>
            <translation>检查我的优化器</translation>
        </message>
        <message>
            <source>Cannot open session</source>
            <translation>无法打开会话</translation>
        </message>
        <message>
            <source>The session races your optimizer file {0}, which does not exist.</source>
            <translation>该会话使用了你的优化器文件 {0}，但该文件不存在。</translation>
        </message>
        <message>
            <source>Run code from this file?</source>
            <translation>运行此文件中的代码？</translation>
        </message>
        <message>
            <source>This session races an optimizer written in Python:

{0}

Run code from this file? Only say yes if you trust it (it runs in a separate process, but it can read and write your files).</source>
            <translation>该会话中有一个用 Python 编写的优化器参赛：

{0}

要运行此文件中的代码吗？只有在你信任它时才选择“是”（它在独立进程中运行，但可以读写你的文件）。</translation>
        </message>
        <message>
            <source>Not opened: you did not allow code from {0}.</source>
            <translation>未打开：你没有允许运行来自 {0} 的代码。</translation>
        </message>
    </context>
    <context>
        <name>LandscapePanel</name>
        <message>
            <source>Optimizers</source>
            <translation>优化器</translation>
        </message>
        <message>
            <source>Epochs</source>
            <translation>训练轮数（epoch）</translation>
        </message>
        <message>
            <source>Hidden layers</source>
            <translation>隐藏层</translation>
        </message>
        <message>
            <source>Batch size</source>
            <translation>批大小</translation>
        </message>
        <message>
            <source>Seed</source>
            <translation>随机种子</translation>
        </message>
        <message>
            <source>Directions</source>
            <translation>方向</translation>
        </message>
        <message>
            <source>Centre</source>
            <translation>中心</translation>
        </message>
        <message>
            <source>Grid</source>
            <translation>网格</translation>
        </message>
        <message>
            <source>Span</source>
            <translation>范围</translation>
        </message>
        <message>
            <source>Images</source>
            <translation>图像数</translation>
        </message>
        <message>
            <source>Evaluate on</source>
            <translation>评估数据</translation>
        </message>
        <message>
            <source>Line from</source>
            <translation>直线起点</translation>
        </message>
        <message>
            <source>Line to</source>
            <translation>直线终点</translation>
        </message>
        <message>
            <source>t from</source>
            <translation>t 起始值</translation>
        </message>
        <message>
            <source>t to</source>
            <translation>t 结束值</translation>
        </message>
        <message>
            <source>Points on the line</source>
            <translation>直线上的点数</translation>
        </message>
        <message>
            <source>Optimizer specs separated by spaces, e.g. sgd:lr=0.1 adam:lr=0.001; all start from the same weights and see the same mini-batches</source>
            <translation>用空格分隔的优化器规格，例如 sgd:lr=0.1 adam:lr=0.001；它们都从相同的权重出发，使用相同的小批量数据</translation>
        </message>
        <message>
            <source>Hidden layer sizes, e.g. 100 or 100,100</source>
            <translation>隐藏层大小，例如 100 或 100,100</translation>
        </message>
        <message>
            <source>Filter-normalised random (Li et al. 2018)</source>
            <translation>滤波器归一化随机方向（Li 等，2018）</translation>
        </message>
        <message>
            <source>PCA of the trajectories</source>
            <translation>轨迹的主成分（PCA）</translation>
        </message>
        <message>
            <source>Final weights of the first optimizer</source>
            <translation>第一个优化器的最终权重</translation>
        </message>
        <message>
            <source>Initial weights</source>
            <translation>初始权重</translation>
        </message>
        <message>
            <source>Final weights of optimizer {n}</source>
            <translation>第 {n} 个优化器的最终权重</translation>
        </message>
        <message>
            <source>Automatic</source>
            <translation>自动</translation>
        </message>
        <message>
            <source>Half-width of the slice in the directions' units (automatic: 1 for random directions, the paths plus 20 % for PCA)</source>
            <translation>切片的半宽，以方向向量自身为单位（自动：随机方向取 1，PCA 方向取覆盖轨迹再加 20 % 的余量）</translation>
        </message>
        <message>
            <source>Test images</source>
            <translation>测试图像</translation>
        </message>
        <message>
            <source>Training images</source>
            <translation>训练图像</translation>
        </message>
        <message>
            <source>init, final (the first optimizer's) or final:K (the K-th optimizer's, from 0)</source>
            <translation>init（初始权重）、final（第一个优化器的最终权重）或 final:K（第 K 个优化器的最终权重，从 0 开始编号）</translation>
        </message>
        <message>
            <source>Compute slice</source>
            <translation>计算切片</translation>
        </message>
        <message>
            <source>Interpolate</source>
            <translation>插值</translation>
        </message>
        <message>
            <source>Sharpness</source>
            <translation>尖锐度</translation>
        </message>
        <message>
            <source>The largest Hessian eigenvalue at the centre (power iteration), against the stability threshold of the optimizer that got there</source>
            <translation>中心处 Hessian 矩阵的最大特征值（幂迭代），并与到达该点的优化器的稳定性阈值比较</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Play</source>
            <translation>播放</translation>
        </message>
        <message>
            <source>Contour</source>
            <translation>等高线图</translation>
        </message>
        <message>
            <source>3-D surface</source>
            <translation>三维曲面</translation>
        </message>
        <message>
            <source>Interpolation</source>
            <translation>一维插值</translation>
        </message>
        <message>
            <source>loss</source>
            <translation>损失</translation>
        </message>
        <message>
            <source>accuracy</source>
            <translation>准确率</translation>
        </message>
        <message>
            <source>test loss / accuracy</source>
            <translation>测试损失 / 准确率</translation>
        </message>
        <message>
            <source>Give at least one optimizer, e.g. sgd:lr=0.1</source>
            <translation>请至少给出一个优化器，例如 sgd:lr=0.1</translation>
        </message>
        <message>
            <source>Hidden layers must be whole numbers &gt;= 1, e.g. 100 or 100,100</source>
            <translation>隐藏层大小必须是 &gt;= 1 的整数，例如 100 或 100,100</translation>
        </message>
        <message>
            <source>'t from' must be below 't to'</source>
            <translation>“t 起始值”必须小于“t 结束值”</translation>
        </message>
        <message>
            <source>Training…</source>
            <translation>正在训练…</translation>
        </message>
        <message>
            <source>Evaluating…</source>
            <translation>正在评估…</translation>
        </message>
        <message>
            <source>Training: step {done} of {total}</source>
            <translation>正在训练：第 {done} / {total} 步</translation>
        </message>
        <message>
            <source>Power iteration: step {done}</source>
            <translation>幂迭代：第 {done} 步</translation>
        </message>
        <message>
            <source>Evaluating: {done} of {total} points</source>
            <translation>正在评估：{done} / {total} 个点</translation>
        </message>
        <message>
            <source>Cancelled.</source>
            <translation>已取消。</translation>
        </message>
        <message>
            <source>step {n}</source>
            <translation>第 {n} 步</translation>
        </message>
        <message>
            <source>Slice: {n} × {n} cells on {m} images; centre loss {loss}</source>
            <translation>切片：{n} × {n} 个网格点，基于 {m} 张图像；中心处损失 {loss}</translation>
        </message>
        <message>
            <source>PCA explained variance: {a} % and {b} % (together {s} %)</source>
            <translation>PCA 解释方差：{a} % 和 {b} %（合计 {s} %）</translation>
        </message>
        <message>
            <source>Line {a} → {b}: loss from {l0} to {l1}</source>
            <translation>直线 {a} → {b}：损失从 {l0} 变为 {l1}</translation>
        </message>
        <message>
            <source>Sharpness at {centre}: largest Hessian eigenvalue {value} (on {n} training images)</source>
            <translation>{centre} 处的尖锐度：Hessian 最大特征值 {value}（基于 {n} 张训练图像）</translation>
        </message>
        <message>
            <source>{opt}: adaptive method, no simple stability threshold applies</source>
            <translation>{opt}：自适应方法，没有简单的稳定性阈值</translation>
        </message>
        <message>
            <source>{opt}: preconditioned sharpness {value}, threshold (2+2β₁)/((1−β₁)·lr) = {limit}</source>
            <translation>{opt}：预条件尖锐度 {value}，阈值 (2+2β₁)/((1−β₁)·lr) = {limit}</translation>
        </message>
        <message>
            <source>{opt}: stability threshold {rule} = {limit} (Cohen et al. 2021)</source>
            <translation>{opt}：稳定性阈值 {rule} = {limit}（Cohen 等，2021）</translation>
        </message>
    </context>
    <context>
        <name>LanguageMenu</name>
        <message>
            <source>&amp;Language</source>
            <translation>语言(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;System language</source>
            <translation>跟随系统(&amp;S)</translation>
        </message>
        <message>
            <source>Chinese if the system language is Chinese, else English</source>
            <translation>系统语言为中文时使用中文，否则使用英文</translation>
        </message>
    </context>
    <context>
        <name>LeaderboardView</name>
        <message>
            <source>running</source>
            <translation>进行中</translation>
        </message>
        <message>
            <source>diverged at step {0}</source>
            <translation>第 {0} 步发散</translation>
        </message>
        <message>
            <source>converged (local) at step {0}</source>
            <translation>第 {0} 步收敛（局部极小值）</translation>
        </message>
        <message>
            <source>converged at step {0}</source>
            <translation>第 {0} 步收敛</translation>
        </message>
        <message>
            <source>at a saddle point (step {0})</source>
            <translation>位于鞍点（第 {0} 步）</translation>
        </message>
        <message>
            <source>Optimizer</source>
            <translation>优化器</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Loss</source>
            <translation>损失</translation>
        </message>
        <message>
            <source>Steps</source>
            <translation>步数</translation>
        </message>
        <message>
            <source>rank at the shown step</source>
            <translation>当前所示步数下的名次</translation>
        </message>
        <message>
            <source>colour</source>
            <translation>颜色</translation>
        </message>
        <message>
            <source>racer</source>
            <translation>选手</translation>
        </message>
        <message>
            <source>status at the shown step</source>
            <translation>当前所示步数下的状态</translation>
        </message>
        <message>
            <source>loss f(x, y) at the shown step</source>
            <translation>当前所示步数下的损失 f(x, y)</translation>
        </message>
        <message>
            <source>optimizer steps taken by the shown step</source>
            <translation>截至当前所示步数，优化器已走的步数</translation>
        </message>
        <message>
            <source>shown</source>
            <translation>显示</translation>
        </message>
        <message>
            <source>hidden</source>
            <translation>隐藏</translation>
        </message>
    </context>
    <context>
        <name>LogSpinSlider</name>
        <message>
            <source>log scale from {0} to {1}</source>
            <translation>对数刻度，从 {0} 到 {1}</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Optimizer Race</source>
            <translation>优化器竞赛</translation>
        </message>
        <message>
            <source>2-D contour</source>
            <translation>二维等高线</translation>
        </message>
        <message>
            <source>3-D surface</source>
            <translation>三维曲面</translation>
        </message>
        <message>
            <source>Landscape</source>
            <translation>损失地形</translation>
        </message>
        <message>
            <source>The MNIST network's loss on a slice through weight space, with the optimizers' paths</source>
            <translation>MNIST 网络在权重空间切片上的损失，以及各优化器的路径</translation>
        </message>
        <message>
            <source>Sweep</source>
            <translation>扫描</translation>
        </message>
        <message>
            <source>Every hyper-parameter value or every start at once: heatmaps and basins of attraction</source>
            <translation>一次看遍所有超参数取值或所有起点：热力图与吸引域</translation>
        </message>
        <message>
            <source>Race</source>
            <translation>竞速</translation>
        </message>
        <message>
            <source>Optimizers racing on a 2-D loss surface</source>
            <translation>优化器在二维损失曲面上竞速</translation>
        </message>
        <message>
            <source>The same optimizers training a neural network on MNIST</source>
            <translation>同样的优化器在 MNIST 上训练神经网络</translation>
        </message>
        <message>
            <source>Surface</source>
            <translation>曲面</translation>
        </message>
        <message>
            <source>Racers</source>
            <translation>选手</translation>
        </message>
        <message>
            <source>Leaderboard</source>
            <translation>排行榜</translation>
        </message>
        <message>
            <source>Inside the optimizer</source>
            <translation>优化器内部</translation>
        </message>
        <message>
            <source>Playback</source>
            <translation>回放</translation>
        </message>
        <message>
            <source>Added a fan of {0} racers from the sweep</source>
            <translation>已从扫描中添加 {0} 名选手组成的扇形组</translation>
        </message>
        <message>
            <source>Added {0} from the sweep</source>
            <translation>已从扫描中添加 {0}</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Open session…</source>
            <translation>打开会话(&amp;O)…</translation>
        </message>
        <message>
            <source>Load a saved race (surface, racers, hyper-parameters, step)</source>
            <translation>载入保存的竞速（曲面、选手、超参数、步数）</translation>
        </message>
        <message>
            <source>&amp;Save session</source>
            <translation>保存会话(&amp;S)</translation>
        </message>
        <message>
            <source>Save session &amp;as…</source>
            <translation>会话另存为(&amp;A)…</translation>
        </message>
        <message>
            <source>&amp;Export</source>
            <translation>导出(&amp;E)</translation>
        </message>
        <message>
            <source>Contour view as &amp;PNG…</source>
            <translation>等高线图导出为 &amp;PNG…</translation>
        </message>
        <message>
            <source>Contour view as &amp;SVG…</source>
            <translation>等高线图导出为 &amp;SVG…</translation>
        </message>
        <message>
            <source>Trajectories as &amp;CSV…</source>
            <translation>轨迹导出为 &amp;CSV…</translation>
        </message>
        <message>
            <source>Race as animated &amp;GIF…</source>
            <translation>竞速导出为 &amp;GIF 动画…</translation>
        </message>
        <message>
            <source>Race as &amp;MP4 video…</source>
            <translation>竞速导出为 &amp;MP4 视频…</translation>
        </message>
        <message>
            <source>Needs the optional imageio-ffmpeg package</source>
            <translation>需要可选的 imageio-ffmpeg 软件包</translation>
        </message>
        <message>
            <source>Picture &amp;size</source>
            <translation>图片尺寸(&amp;S)</translation>
        </message>
        <message>
            <source>A4 landscape at {0} dpi</source>
            <translation>A4 横向，{0} dpi</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;Race</source>
            <translation>竞速(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Fit view</source>
            <translation>适配视图(&amp;F)</translation>
        </message>
        <message>
            <source>Reset zoom and pan to the surface's domain</source>
            <translation>把缩放和平移重置为曲面的定义域</translation>
        </message>
        <message>
            <source>Ra&amp;cers</source>
            <translation>选手(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Add</source>
            <translation>添加(&amp;A)</translation>
        </message>
        <message>
            <source>From &amp;file…</source>
            <translation>从文件(&amp;F)…</translation>
        </message>
        <message>
            <source>Race your own optimizer, written in Python (reloaded when you save it)</source>
            <translation>让你自己编写的优化器文件参赛（保存时自动重新加载）</translation>
        </message>
        <message>
            <source>&amp;Check my optimizer…</source>
            <translation>检查我的优化器(&amp;C)…</translation>
        </message>
        <message>
            <source>Compare your optimizer file with a built-in one, step by step</source>
            <translation>把你的优化器文件与内置优化器逐步比较</translation>
        </message>
        <message>
            <source>&amp;Presets</source>
            <translation>预设(&amp;P)</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <source>2-D and 3-D &amp;side by side</source>
            <translation>二维与三维并排(&amp;S)</translation>
        </message>
        <message>
            <source>Show the contour map and the 3-D surface next to each other (linked: the point under the mouse on the map is marked on the surface)</source>
            <translation>并排显示等高线图和三维曲面（联动：鼠标在地图上指向的点会在曲面上标出）</translation>
        </message>
        <message>
            <source>&amp;Gradient field</source>
            <translation>梯度场(&amp;G)</translation>
        </message>
        <message>
            <source>Overlay the normalised gradient field on the contour map</source>
            <translation>在等高线图上叠加归一化的梯度场</translation>
        </message>
        <message>
            <source>&amp;Large fonts (projector)</source>
            <translation>大字体（投影仪）(&amp;L)</translation>
        </message>
        <message>
            <source>Bigger text everywhere, readable on a projector</source>
            <translation>全局放大文字，便于投影时阅读</translation>
        </message>
        <message>
            <source>&amp;Presentation</source>
            <translation>演示模式(&amp;P)</translation>
        </message>
        <message>
            <source>For a projector: hide the editing panels, enlarge text, plots, trails and markers (F5 again to leave)</source>
            <translation>用于投影：隐藏编辑面板，放大文字、图表、轨迹和标记（再按 F5 退出）</translation>
        </message>
        <message>
            <source>L&amp;egends</source>
            <translation>图例(&amp;E)</translation>
        </message>
        <message>
            <source>Show the racers' names and colours on the map and the curves</source>
            <translation>在地图和曲线上显示各参赛者的名称和颜色</translation>
        </message>
        <message>
            <source>&amp;Demos</source>
            <translation>演示(&amp;D)</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>Lab &amp;exercises</source>
            <translation>实验练习(&amp;E)</translation>
        </message>
        <message>
            <source>Implement optimizers yourself and check them</source>
            <translation>自己实现优化器并进行检查</translation>
        </message>
        <message>
            <source>&amp;Keyboard shortcuts</source>
            <translation>键盘快捷键(&amp;K)</translation>
        </message>
        <message>
            <source>&amp;About Optimizer Race</source>
            <translation>关于优化器竞赛(&amp;A)</translation>
        </message>
        <message>
            <source>Click on the contour map to set the start; Space to play.</source>
            <translation>在等高线图上单击设置起点；按空格键开始。</translation>
        </message>
        <message>
            <source>Preset: {0}. Press Space to play.</source>
            <translation>预设：{0}。按空格键开始。</translation>
        </message>
        <message>
            <source>Optimizer Race session (*.json)</source>
            <translation>优化器竞赛会话 (*.json)</translation>
        </message>
        <message>
            <source>Open session</source>
            <translation>打开会话</translation>
        </message>
        <message>
            <source>Replaying {0}: {1} racers × {2} steps…</source>
            <translation>正在重放 {0}：{1} 名选手 × {2} 步…</translation>
        </message>
        <message>
            <source>Opening {0} was cancelled; the race is unchanged.</source>
            <translation>已取消打开 {0}；竞速保持不变。</translation>
        </message>
        <message>
            <source>Opened {0} at step {1}</source>
            <translation>已打开 {0}，位于第 {1} 步</translation>
        </message>
        <message>
            <source>Cannot open session</source>
            <translation>无法打开会话</translation>
        </message>
        <message>
            <source>Save session</source>
            <translation>保存会话</translation>
        </message>
        <message>
            <source>Cannot save session</source>
            <translation>无法保存会话</translation>
        </message>
        <message>
            <source>Saved {0}</source>
            <translation>已保存 {0}</translation>
        </message>
        <message>
            <source>About Optimizer Race</source>
            <translation>关于优化器竞赛</translation>
        </message>
        <message>
            <source>Gradient-descent optimizers racing on 2-D loss surfaces. Each optimizer reproduces its PyTorch reference step for step.</source>
            <translation>梯度下降类优化器在二维损失曲面上竞速。每个优化器都与其 PyTorch 参考实现逐步一致。</translation>
        </message>
        <message>
            <source>Click the map to set the start, press Space to play.</source>
            <translation>单击地图设置起点，按空格键开始。</translation>
        </message>
    </context>
    <context>
        <name>MnistPanel</name>
        <message>
            <source>Run</source>
            <translation>运行</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>开始</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <source>Connecting…</source>
            <translation>正在连接…</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Downloading {0}…</source>
            <translation>正在下载 {0}…</translation>
        </message>
        <message>
            <source>Downloaded and verified: {0}</source>
            <translation>已下载并校验：{0}</translation>
        </message>
        <message>
            <source>Download cancelled; nothing was kept.</source>
            <translation>下载已取消，未保留任何文件。</translation>
        </message>
        <message>
            <source>Ready.</source>
            <translation>就绪。</translation>
        </message>
        <message>
            <source>Loading data…</source>
            <translation>正在载入数据…</translation>
        </message>
        <message>
            <source>Training…</source>
            <translation>正在训练…</translation>
        </message>
        <message>
            <source>Paused.</source>
            <translation>已暂停。</translation>
        </message>
        <message>
            <source>Training… epoch {0}</source>
            <translation>正在训练… 已训练 {0} 轮</translation>
        </message>
        <message>
            <source>No data: download the full set or choose a folder.</source>
            <translation>没有数据：请下载完整数据集或选择文件夹。</translation>
        </message>
        <message>
            <source>Error: {0}</source>
            <translation>错误：{0}</translation>
        </message>
        <message>
            <source>Stopped at step {0} (epoch {1}) after {2} of training; final evaluation on all {3} test images.</source>
            <translation>训练 {2} 后停止于第 {0} 步（已训练 {1} 轮）；已在全部 {3} 张测试图像上完成最终评估。</translation>
        </message>
        <message>
            <source>Finished at step {0} (epoch {1}) after {2} of training; final evaluation on all {3} test images.</source>
            <translation>训练完成：共 {0} 步（{1} 轮），用时 {2}；已在全部 {3} 张测试图像上完成最终评估。</translation>
        </message>
        <message>
            <source>{0} of {1} diverged.</source>
            <translation>{1} 个中有 {0} 个发散。</translation>
        </message>
        <message>
            <source>Resume</source>
            <translation>继续</translation>
        </message>
        <message>
            <source>Pause</source>
            <translation>暂停</translation>
        </message>
    </context>
    <context>
        <name>NetworkForm</name>
        <message>
            <source>Network and training</source>
            <translation>网络与训练</translation>
        </message>
        <message>
            <source>Hidden layer sizes, comma-separated: 784-…-10</source>
            <translation>隐藏层大小，用逗号分隔：784-…-10</translation>
        </message>
        <message>
            <source>Normal  N(0, 0.01²)</source>
            <translation>正态分布  N(0, 0.01²)</translation>
        </message>
        <message>
            <source>iterations</source>
            <translation>次迭代</translation>
        </message>
        <message>
            <source>epochs</source>
            <translation>轮（epoch）</translation>
        </message>
        <message>
            <source>every epoch</source>
            <translation>每轮</translation>
        </message>
        <message>
            <source> steps</source>
            <translation> 步</translation>
        </message>
        <message>
            <source>Hidden sizes</source>
            <translation>隐藏层大小</translation>
        </message>
        <message>
            <source>Activation</source>
            <translation>激活函数</translation>
        </message>
        <message>
            <source>Initialisation</source>
            <translation>权重初始化</translation>
        </message>
        <message>
            <source>Weight decay λ</source>
            <translation>权重衰减 λ</translation>
        </message>
        <message>
            <source>Batch size</source>
            <translation>批大小</translation>
        </message>
        <message>
            <source>Length</source>
            <translation>训练长度</translation>
        </message>
        <message>
            <source>Evaluate</source>
            <translation>评估间隔</translation>
        </message>
        <message>
            <source>Seed</source>
            <translation>随机种子</translation>
        </message>
        <message>
            <source>Textbook presets:</source>
            <translation>教材预设：</translation>
        </message>
        <message>
            <source>{arch} {activation}, {init} init, batch {batch}, {iterations} iterations: {optimizers}</source>
            <translation>{arch} {activation}，{init} 初始化，批大小 {batch}，{iterations} 次迭代：{optimizers}</translation>
        </message>
    </context>
    <context>
        <name>NonconvergencePlots</name>
        <message>
            <source>round t (log scale)</source>
            <translation>轮次 t（对数刻度）</translation>
        </message>
        <message>
            <source>Iterate x&lt;sub&gt;t&lt;/sub&gt; (feasible set [−1, 1])</source>
            <translation>迭代点 x&lt;sub&gt;t&lt;/sub&gt;（可行域 [−1, 1]）</translation>
        </message>
        <message>
            <source>Average expected regret (losses 0.2·x), log–log</source>
            <translation>平均期望遗憾（损失 0.2·x），双对数坐标</translation>
        </message>
        <message>
            <source>Average regret R&lt;sub&gt;t&lt;/sub&gt;/t (log–log)</source>
            <translation>平均遗憾 R&lt;sub&gt;t&lt;/sub&gt;/t（双对数坐标）</translation>
        </message>
        <message>
            <source>optimum x = −1</source>
            <translation>最优点 x = −1</translation>
        </message>
        <message>
            <source>worst point x = +1</source>
            <translation>最差点 x = +1</translation>
        </message>
        <message>
            <source>staying at +1: {0}</source>
            <translation>停留在 +1：{0}</translation>
        </message>
        <message>
            <source>{0}: final x = {1}</source>
            <translation>{0}：最终 x = {1}</translation>
        </message>
        <message>
            <source>at the optimum</source>
            <translation>位于最优点</translation>
        </message>
        <message>
            <source>at the worst point</source>
            <translation>位于最差点</translation>
        </message>
        <message>
            <source>in between</source>
            <translation>介于两者之间</translation>
        </message>
        <message>
            <source>optimizer</source>
            <translation>优化器</translation>
        </message>
        <message>
            <source>final x</source>
            <translation>最终 x</translation>
        </message>
        <message>
            <source>{0} rounds in {1} s</source>
            <translation>{0} 轮，用时 {1} 秒</translation>
        </message>
    </context>
    <context>
        <name>OptimizerList</name>
        <message>
            <source>Optimizers</source>
            <translation>优化器</translation>
        </message>
        <message>
            <source>Double-click to edit a spec</source>
            <translation>双击编辑优化器规格</translation>
        </message>
        <message>
            <source>Add</source>
            <translation>添加</translation>
        </message>
        <message>
            <source>Choose…</source>
            <translation>选择…</translation>
        </message>
        <message>
            <source>Add an optimizer from the same menu as the race</source>
            <translation>从与竞速相同的菜单中添加优化器</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>移除</translation>
        </message>
        <message>
            <source>Select an optimizer to edit its hyper-parameters.</source>
            <translation>选择一个优化器以编辑其超参数。</translation>
        </message>
        <message>
            <source>Hyper-parameters of {0}</source>
            <translation>{0} 的超参数</translation>
        </message>
        <message>
            <source>Type a spec like {0} or {1}</source>
            <translation>输入优化器规格，例如 {0} 或 {1}</translation>
        </message>
    </context>
    <context>
        <name>OptimizerMenu</name>
        <message>
            <source>Second order</source>
            <translation>二阶方法</translation>
        </message>
        <message>
            <source>pytorch-optimizer (community)</source>
            <translation>pytorch-optimizer（社区）</translation>
        </message>
    </context>
    <context>
        <name>PlaybackPanel</name>
        <message>
            <source>Play</source>
            <translation>播放</translation>
        </message>
        <message>
            <source>Play / pause the race (Space)</source>
            <translation>播放 / 暂停竞速（空格键）</translation>
        </message>
        <message>
            <source>Step</source>
            <translation>单步</translation>
        </message>
        <message>
            <source>One step forward (Right)</source>
            <translation>前进一步（右方向键）</translation>
        </message>
        <message>
            <source>Step back</source>
            <translation>后退</translation>
        </message>
        <message>
            <source>One step back (Left)</source>
            <translation>后退一步（左方向键）</translation>
        </message>
        <message>
            <source>Reset</source>
            <translation>重置</translation>
        </message>
        <message>
            <source>Back to step 0 with fresh optimizer states (R)</source>
            <translation>回到第 0 步，并重置优化器状态（R）</translation>
        </message>
        <message>
            <source>Timeline: drag to show any simulated step</source>
            <translation>时间轴：拖动以查看任意已模拟的步</translation>
        </message>
        <message>
            <source>Playback speed in optimizer steps per second</source>
            <translation>回放速度，单位为每秒优化器步数</translation>
        </message>
        <message>
            <source>Playback pauses when the shown step reaches this one</source>
            <translation>显示的步数到达此值时暂停回放</translation>
        </message>
        <message>
            <source>Speed</source>
            <translation>速度</translation>
        </message>
        <message>
            <source>steps/s</source>
            <translation>步/秒</translation>
        </message>
        <message>
            <source>Stop at step</source>
            <translation>停止步数</translation>
        </message>
        <message>
            <source>engine-limited: {0} steps/s</source>
            <translation>引擎受限：{0} 步/秒</translation>
        </message>
        <message>
            <source>no racers</source>
            <translation>没有选手</translation>
        </message>
        <message>
            <source>stopped at step {0}</source>
            <translation>已停止于第 {0} 步</translation>
        </message>
        <message>
            <source>every racer diverged</source>
            <translation>所有选手均已发散</translation>
        </message>
        <message>
            <source>end of the tape</source>
            <translation>已到记录末尾</translation>
        </message>
        <message>
            <source>step {0} / {1}</source>
            <translation>第 {0} / {1} 步</translation>
        </message>
        <message>
            <source>Pause</source>
            <translation>暂停</translation>
        </message>
    </context>
    <context>
        <name>RaceFigure</name>
        <message>
            <source>step {0} of {1}</source>
            <translation>第 {0} 步 / 共 {1} 步</translation>
        </message>
    </context>
    <context>
        <name>RacerRow</name>
        <message>
            <source>Change this racer's colour…</source>
            <translation>更改该选手的颜色…</translation>
        </message>
        <message>
            <source>Show this racer in the plots</source>
            <translation>在图中显示该选手</translation>
        </message>
    </context>
    <context>
        <name>RacersPanel</name>
        <message>
            <source>Add</source>
            <translation>添加</translation>
        </message>
        <message>
            <source>Add a racer (several may use the same optimizer)</source>
            <translation>添加一名选手（多名选手可以使用同一种优化器）</translation>
        </message>
        <message>
            <source>Duplicate</source>
            <translation>复制</translation>
        </message>
        <message>
            <source>Add a copy of the selected racer</source>
            <translation>添加所选选手的副本</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>移除</translation>
        </message>
        <message>
            <source>Remove the selected racer (Delete)</source>
            <translation>移除所选选手（Delete）</translation>
        </message>
        <message>
            <source>Remove racer</source>
            <translation>移除选手</translation>
        </message>
        <message>
            <source>Select a racer to edit its optimizer,
or add one with “Add”.</source>
            <translation>选择一名选手以编辑其优化器，
或用“添加”新增一名。</translation>
        </message>
        <message>
            <source>A name for this racer (empty: its optimizer spec)</source>
            <translation>该选手的名称（留空则使用其优化器规格）</translation>
        </message>
        <message>
            <source>Label</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Learning-rate schedule</source>
            <translation>学习率调度</translation>
        </message>
        <message>
            <source>Start point</source>
            <translation>起点</translation>
        </message>
        <message>
            <source>Use the common start</source>
            <translation>使用公共起点</translation>
        </message>
        <message>
            <source>Start where the race starts (set on the surface view); uncheck to give this racer its own start</source>
            <translation>从竞速的公共起点出发（在曲面视图上设置）；取消勾选可为该选手单独设置起点</translation>
        </message>
        <message>
            <source>{0} coordinate of this racer's own start point</source>
            <translation>该选手自己起点的 {0} 坐标</translation>
        </message>
        <message>
            <source>Hyper-parameters of {0}</source>
            <translation>超参数（{0}）</translation>
        </message>
        <message>
            <source>Colour of {0}</source>
            <translation>{0} 的颜色</translation>
        </message>
        <message>
            <source>Valid range: {0}</source>
            <translation>取值范围：{0}</translation>
        </message>
        <message>
            <source>Default: {0}</source>
            <translation>默认值：{0}</translation>
        </message>
    </context>
    <context>
        <name>Schedules</name>
        <message>
            <source>constant</source>
            <translation>恒定</translation>
        </message>
        <message>
            <source>step decay</source>
            <translation>阶梯衰减</translation>
        </message>
        <message>
            <source>cosine annealing</source>
            <translation>余弦退火</translation>
        </message>
        <message>
            <source>linear warm-up</source>
            <translation>线性预热</translation>
        </message>
    </context>
    <context>
        <name>SessionLoader</name>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Opening a session</source>
            <translation>正在打开会话</translation>
        </message>
    </context>
    <context>
        <name>SliceSurface</name>
        <message>
            <source>3-D view unavailable: {reason}</source>
            <translation>三维视图不可用：{reason}</translation>
        </message>
    </context>
    <context>
        <name>Surface3DView</name>
        <message>
            <source>3-D view unavailable: OpenGL could not be initialised ({0}). Everything else works.</source>
            <translation>三维视图不可用：无法初始化 OpenGL（{0}）。其他功能均可正常使用。</translation>
        </message>
    </context>
    <context>
        <name>SurfacePanel</name>
        <message>
            <source>No global minimum: f is unbounded below.</source>
            <translation>没有全局最小值：f 无下界。</translation>
        </message>
        <message>
            <source>Custom formula: its minima are unknown, so convergence is judged by the gradient norm only.</source>
            <translation>自定义公式：其极小值未知，因此只根据梯度范数判断是否收敛。</translation>
        </message>
        <message>
            <source>Global minimum f* = {fmin} at {points}.</source>
            <translation>全局最小值 f* = {fmin}，位于 {points}。</translation>
        </message>
        <message>
            <source>{n} global minima, f* = {fmin}, at {points}.</source>
            <translation>{n} 个全局最小值，f* = {fmin}，位于 {points}。</translation>
        </message>
        <message>
            <source>Shown on x ∈ [{x0}, {x1}], y ∈ [{y0}, {y1}].</source>
            <translation>显示范围：x ∈ [{x0}, {x1}]，y ∈ [{y0}, {y1}]。</translation>
        </message>
        <message>
            <source>f(x, y), e.g. {0}</source>
            <translation>f(x, y)，例如 {0}</translation>
        </message>
        <message>
            <source>Press Enter to apply.</source>
            <translation>按回车键应用。</translation>
        </message>
        <message>
            <source>off</source>
            <translation>关</translation>
        </message>
        <message>
            <source>Standard deviation σ of Gaussian noise added to every gradient component,
to imitate the mini-batch noise of stochastic gradients (0: exact gradients)</source>
            <translation>加到每个梯度分量上的高斯噪声的标准差 σ，
用于模拟随机梯度中的小批量噪声（0：精确梯度）</translation>
        </message>
        <message>
            <source>Seed of the noise: the same seed replays the same race</source>
            <translation>噪声的随机种子：相同的种子会重现相同的竞速</translation>
        </message>
        <message>
            <source>Loss surface</source>
            <translation>损失曲面</translation>
        </message>
        <message>
            <source>Surface</source>
            <translation>曲面</translation>
        </message>
        <message>
            <source>Gradient noise</source>
            <translation>梯度噪声</translation>
        </message>
        <message>
            <source>seed</source>
            <translation>种子</translation>
        </message>
        <message>
            <source>Set-up.</source>
            <translation>实验设置。</translation>
        </message>
        <message>
            <source>What to watch.</source>
            <translation>观察要点。</translation>
        </message>
        <message>
            <source>Why.</source>
            <translation>原因。</translation>
        </message>
        <message>
            <source>Custom formula…</source>
            <translation>自定义公式…</translation>
        </message>
    </context>
    <context>
        <name>SwatsPlots</name>
        <message>
            <source>epoch</source>
            <translation>轮次</translation>
        </message>
        <message>
            <source>Training loss (mean over each epoch)</source>
            <translation>训练损失（每轮的平均值）</translation>
        </message>
        <message>
            <source>loss</source>
            <translation>损失</translation>
        </message>
        <message>
            <source>Test accuracy</source>
            <translation>测试准确率</translation>
        </message>
        <message>
            <source>accuracy</source>
            <translation>准确率</translation>
        </message>
        <message>
            <source>optimizer</source>
            <translation>优化器</translation>
        </message>
        <message>
            <source>tensor</source>
            <translation>张量</translation>
        </message>
        <message>
            <source>switched at step</source>
            <translation>切换时的步数</translation>
        </message>
        <message>
            <source>SGD learning rate</source>
            <translation>SGD 学习率</translation>
        </message>
        <message>
            <source>not switched</source>
            <translation>未切换</translation>
        </message>
        <message>
            <source>{0} first switched at step {1}.</source>
            <translation>{0} 在第 {1} 步首次切换。</translation>
        </message>
        <message>
            <source>{0} did not switch.</source>
            <translation>{0} 没有切换。</translation>
        </message>
        <message>
            <source>train loss</source>
            <translation>训练损失</translation>
        </message>
        <message>
            <source>test acc.</source>
            <translation>测试准确率</translation>
        </message>
        <message>
            <source>{0} steps in {1} s</source>
            <translation>{0} 步，用时 {1} 秒</translation>
        </message>
    </context>
    <context>
        <name>SweepPanel</name>
        <message>
            <source>Map</source>
            <translation>图类型</translation>
        </message>
        <message>
            <source>Surface</source>
            <translation>曲面</translation>
        </message>
        <message>
            <source>Optimizer</source>
            <translation>优化器</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>起点</translation>
        </message>
        <message>
            <source>Columns</source>
            <translation>列</translation>
        </message>
        <message>
            <source>Rows</source>
            <translation>行</translation>
        </message>
        <message>
            <source>Starts per axis</source>
            <translation>每个方向的起点数</translation>
        </message>
        <message>
            <source>Steps</source>
            <translation>步数</translation>
        </message>
        <message>
            <source>Colour</source>
            <translation>颜色</translation>
        </message>
        <message>
            <source>Run</source>
            <translation>运行</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Recompute view</source>
            <translation>重新计算视图</translation>
        </message>
        <message>
            <source>Keep for comparison</source>
            <translation>保留以便比较</translation>
        </message>
        <message>
            <source>Race as a fan</source>
            <translation>作为扇形组参加竞速</translation>
        </message>
        <message>
            <source>Send the hovered row of the map to the race tab: one racer per column value (at most {0}), coloured along a ramp</source>
            <translation>把图中悬停所在的行发送到竞速页：每个列取值一名选手（最多 {0} 名），按渐变色着色</translation>
        </message>
        <message>
            <source>Show this map beside the next one, on the same colour scale (e.g. Momentum's lr × momentum beside Adam's lr × beta1)</source>
            <translation>把这张图放在下一张图旁边，并使用相同的色标（例如 Momentum 的 lr × momentum 与 Adam 的 lr × beta1 并排）</translation>
        </message>
        <message>
            <source>Zoom or pan the map with the mouse, then recompute the visible region at full resolution</source>
            <translation>用鼠标缩放或平移图，然后以完整分辨率重新计算可见区域</translation>
        </message>
        <message>
            <source>log</source>
            <translation>对数</translation>
        </message>
        <message>
            <source>Hover a cell for its numbers; click it to race it.</source>
            <translation>将鼠标悬停在单元格上查看数值；单击即可让它参加竞速。</translation>
        </message>
        <message>
            <source>Hyper-parameter heatmap</source>
            <translation>超参数热力图</translation>
        </message>
        <message>
            <source>Basins of attraction</source>
            <translation>吸引域</translation>
        </message>
        <message>
            <source>final loss above f* (log10)</source>
            <translation>最终损失与 f* 之差（log10）</translation>
        </message>
        <message>
            <source>steps to converge</source>
            <translation>收敛所需步数</translation>
        </message>
        <message>
            <source>step of divergence</source>
            <translation>发散时的步数</translation>
        </message>
        <message>
            <source>(none)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <source>A log range needs a low end above 0.</source>
            <translation>对数范围的下限必须大于 0。</translation>
        </message>
        <message>
            <source>Choose a hyper-parameter for the columns.</source>
            <translation>请为列选择一个超参数。</translation>
        </message>
        <message>
            <source>Running {0} cells…</source>
            <translation>正在计算 {0} 个单元格…</translation>
        </message>
        <message>
            <source>Done: {0} converged, {1} diverged, {2} still running.</source>
            <translation>完成：{0} 个收敛，{1} 个发散，{2} 个仍在运行。</translation>
        </message>
        <message>
            <source>Cancelled.</source>
            <translation>已取消。</translation>
        </message>
        <message>
            <source>start ({0:.3g}, {1:.3g}) → minimum {2}</source>
            <translation>起点 ({0:.3g}, {1:.3g}) → 极小值点 {2}</translation>
        </message>
        <message>
            <source>{0}: loss {1:.4g}, {2} (step {3})</source>
            <translation>{0}：损失 {1:.4g}，{2}（第 {3} 步）</translation>
        </message>
    </context>
    <context>
        <name>ThemeMenu</name>
        <message>
            <source>&amp;Theme</source>
            <translation>主题(&amp;T)</translation>
        </message>
        <message>
            <source>&amp;System</source>
            <translation>跟随系统(&amp;S)</translation>
        </message>
        <message>
            <source>Follow the light or dark mode of the system</source>
            <translation>跟随系统的浅色或深色模式</translation>
        </message>
        <message>
            <source>&amp;Light</source>
            <translation>浅色(&amp;L)</translation>
        </message>
        <message>
            <source>Dark text on a light background</source>
            <translation>浅色背景、深色文字</translation>
        </message>
        <message>
            <source>&amp;Dark</source>
            <translation>深色(&amp;D)</translation>
        </message>
        <message>
            <source>Light text on a dark background</source>
            <translation>深色背景、浅色文字</translation>
        </message>
    </context>
    <context>
        <name>TrainingCharts</name>
        <message>
            <source>Training loss (mini-batch; thick: moving average)</source>
            <translation>训练损失（小批量；粗线：滑动平均）</translation>
        </message>
        <message>
            <source>cross-entropy</source>
            <translation>交叉熵</translation>
        </message>
        <message>
            <source>step</source>
            <translation>步数</translation>
        </message>
        <message>
            <source>Test accuracy</source>
            <translation>测试准确率</translation>
        </message>
        <message>
            <source>accuracy (%)</source>
            <translation>准确率 (%)</translation>
        </message>
        <message>
            <source>Inspect</source>
            <translation>查看</translation>
        </message>
        <message>
            <source>Test digits: predicted label (wrong ones in red)</source>
            <translation>测试数字：预测标签（错误的标为红色）</translation>
        </message>
        <message>
            <source>Confusion matrix (rows: true, columns: predicted)</source>
            <translation>混淆矩阵（行：真实类别，列：预测类别）</translation>
        </message>
        <message>
            <source>First-layer weights ({0} hidden units; red +, blue −)</source>
            <translation>第一层权重（{0} 个隐藏单元；红 +，蓝 −）</translation>
        </message>
        <message>
            <source>{0} — diverged at step {1}</source>
            <translation>{0} — 第 {1} 步发散</translation>
        </message>
        <message>
            <source>step {0} / {1}</source>
            <translation>第 {0} / {1} 步</translation>
        </message>
        <message>
            <source>ETA {0}</source>
            <translation>剩余约 {0}</translation>
        </message>
        <message>
            <source>after step {0}: test accuracy {1} % on {2} test images, test loss {3}</source>
            <translation>第 {0} 步后：在 {2} 张测试图像上的测试准确率为 {1} %，测试损失 {3}</translation>
        </message>
    </context>
    <context>
        <name>WindowSettings</name>
        <message>
            <source>Restoring the last race: {0} racers × {1} steps…</source>
            <translation>正在恢复上次的竞速：{0} 名选手 × {1} 步…</translation>
        </message>
        <message>
            <source>The last race could not be restored ({0}); starting with the default race.</source>
            <translation>无法恢复上次的竞速（{0}）；将以默认竞速开始。</translation>
        </message>
    </context>
    <context>
        <name>engine</name>
        <message>
            <source>SGD</source>
            <translation>SGD</translation>
        </message>
        <message>
            <source>Plain gradient descent: a step against the gradient, scaled by the learning rate.</source>
            <translation>普通梯度下降：沿负梯度方向走一步，步长由学习率缩放。</translation>
        </message>
        <message>
            <source>Robbins &amp; Monro (1951)</source>
            <translation>Robbins &amp; Monro（1951）</translation>
        </message>
        <message>
            <source>Momentum</source>
            <translation>动量法</translation>
        </message>
        <message>
            <source>Heavy ball: accumulates a velocity, so it speeds up along consistent directions and damps zig-zags.</source>
            <translation>重球法：累积速度，因此在方向一致时加速前进，并抑制之字形震荡。</translation>
        </message>
        <message>
            <source>Polyak (1964)</source>
            <translation>Polyak（1964）</translation>
        </message>
        <message>
            <source>Nesterov</source>
            <translation>Nesterov 动量</translation>
        </message>
        <message>
            <source>Momentum that looks ahead: the gradient is corrected by the velocity it is about to apply.</source>
            <translation>会“向前看”的动量法：用即将施加的速度对梯度进行修正。</translation>
        </message>
        <message>
            <source>Nesterov (1983); Sutskever et al., ICML 2013</source>
            <translation>Nesterov（1983）；Sutskever 等，ICML 2013</translation>
        </message>
        <message>
            <source>AdaGrad</source>
            <translation>AdaGrad</translation>
        </message>
        <message>
            <source>Per-coordinate steps shrink with the total squared gradient: big early, ever smaller.</source>
            <translation>逐坐标的步长随梯度平方的累加和而缩小：起初较大，之后越来越小。</translation>
        </message>
        <message>
            <source>Duchi, Hazan &amp; Singer, JMLR 2011</source>
            <translation>Duchi, Hazan &amp; Singer，JMLR 2011</translation>
        </message>
        <message>
            <source>RMSprop</source>
            <translation>RMSprop</translation>
        </message>
        <message>
            <source>Divides by a running RMS of recent gradients, so the step size adapts per coordinate without shrinking forever.</source>
            <translation>除以近期梯度的滑动均方根，使步长逐坐标自适应，又不会无限缩小。</translation>
        </message>
        <message>
            <source>Hinton, lecture 6e (2012)</source>
            <translation>Hinton，课程第 6e 讲（2012）</translation>
        </message>
        <message>
            <source>Adadelta</source>
            <translation>Adadelta</translation>
        </message>
        <message>
            <source>Units-correct RMSprop: the step is the ratio of running RMS of past steps and gradients.</source>
            <translation>量纲正确的 RMSprop：步长取过去更新量与过去梯度的滑动均方根之比。</translation>
        </message>
        <message>
            <source>Zeiler, arXiv:1212.5701</source>
            <translation>Zeiler，arXiv:1212.5701</translation>
        </message>
        <message>
            <source>Adam</source>
            <translation>Adam</translation>
        </message>
        <message>
            <source>Momentum plus RMSprop with bias correction: the default choice of deep learning.</source>
            <translation>动量法加 RMSprop，并带偏差修正：深度学习的默认选择。</translation>
        </message>
        <message>
            <source>Kingma &amp; Ba, ICLR 2015</source>
            <translation>Kingma &amp; Ba，ICLR 2015</translation>
        </message>
        <message>
            <source>AdamW</source>
            <translation>AdamW</translation>
        </message>
        <message>
            <source>Adam with weight decay applied to the weights directly, not through the gradient.</source>
            <translation>把权重衰减直接作用于权重（而不是通过梯度）的 Adam。</translation>
        </message>
        <message>
            <source>Loshchilov &amp; Hutter, ICLR 2019</source>
            <translation>Loshchilov &amp; Hutter，ICLR 2019</translation>
        </message>
        <message>
            <source>AMSGrad</source>
            <translation>AMSGrad</translation>
        </message>
        <message>
            <source>Adam that never lets its second-moment estimate shrink, which restores convergence.</source>
            <translation>二阶矩估计永不减小的 Adam，由此恢复了收敛性。</translation>
        </message>
        <message>
            <source>Reddi, Kale &amp; Kumar, ICLR 2018</source>
            <translation>Reddi, Kale &amp; Kumar，ICLR 2018</translation>
        </message>
        <message>
            <source>NAdam</source>
            <translation>NAdam</translation>
        </message>
        <message>
            <source>Adam with Nesterov momentum.</source>
            <translation>使用 Nesterov 动量的 Adam。</translation>
        </message>
        <message>
            <source>Dozat, ICLR 2016 workshop</source>
            <translation>Dozat，ICLR 2016 研讨会</translation>
        </message>
        <message>
            <source>RAdam</source>
            <translation>RAdam</translation>
        </message>
        <message>
            <source>Adam whose adaptive step is switched on only once its variance estimate is reliable.</source>
            <translation>只有在方差估计可靠之后才启用自适应步长的 Adam。</translation>
        </message>
        <message>
            <source>Liu et al., ICLR 2020</source>
            <translation>Liu 等，ICLR 2020</translation>
        </message>
        <message>
            <source>Adamax</source>
            <translation>Adamax</translation>
        </message>
        <message>
            <source>Adam with the infinity norm instead of the second moment.</source>
            <translation>用无穷范数代替二阶矩的 Adam。</translation>
        </message>
        <message>
            <source>Rprop</source>
            <translation>Rprop</translation>
        </message>
        <message>
            <source>Uses only the sign of the gradient; each coordinate's step grows while the sign holds and halves when it flips.</source>
            <translation>只使用梯度的符号；符号不变时各坐标的步长增大，符号翻转时减半。</translation>
        </message>
        <message>
            <source>Riedmiller &amp; Braun, ICNN 1993</source>
            <translation>Riedmiller &amp; Braun，ICNN 1993</translation>
        </message>
        <message>
            <source>Lion</source>
            <translation>Lion</translation>
        </message>
        <message>
            <source>Moves every coordinate by the same amount, in the direction of the sign of a momentum, which makes it cheap and robust to gradient scale.</source>
            <translation>沿动量的符号方向把每个坐标移动相同的距离，因此计算开销小，且对梯度尺度不敏感。</translation>
        </message>
        <message>
            <source>Chen et al., NeurIPS 2023 (arXiv:2302.06675)</source>
            <translation>Chen 等，NeurIPS 2023（arXiv:2302.06675）</translation>
        </message>
        <message>
            <source>signSGD</source>
            <translation>signSGD</translation>
        </message>
        <message>
            <source>Steps by the sign of the (averaged) gradient only, ignoring its size.</source>
            <translation>只按（平均后的）梯度符号更新，忽略梯度大小。</translation>
        </message>
        <message>
            <source>Bernstein et al., ICML 2018</source>
            <translation>Bernstein 等，ICML 2018</translation>
        </message>
        <message>
            <source>Yogi</source>
            <translation>Yogi</translation>
        </message>
        <message>
            <source>Adam whose squared-gradient memory changes by small additive steps, so the step size cannot blow up suddenly.</source>
            <translation>梯度平方记忆以小的加性步长变化的 Adam，因此步长不会突然暴涨。</translation>
        </message>
        <message>
            <source>Zaheer et al., NeurIPS 2018</source>
            <translation>Zaheer 等，NeurIPS 2018</translation>
        </message>
        <message>
            <source>AdaBelief</source>
            <translation>AdaBelief</translation>
        </message>
        <message>
            <source>Adam that divides by how far the gradient strays from its running mean: big steps when the gradient is predictable, small ones when it is not.</source>
            <translation>以梯度偏离其滑动均值的程度作为分母的 Adam：梯度可预测时迈大步，不可预测时迈小步。</translation>
        </message>
        <message>
            <source>Zhuang et al., NeurIPS 2020</source>
            <translation>Zhuang 等，NeurIPS 2020</translation>
        </message>
        <message>
            <source>AdaBound</source>
            <translation>AdaBound</translation>
        </message>
        <message>
            <source>Starts like Adam and smoothly turns into SGD by clipping each step size into a band that narrows over time.</source>
            <translation>开始时像 Adam，通过把每个步长裁剪到一个逐渐收窄的区间内，平滑地过渡为 SGD。</translation>
        </message>
        <message>
            <source>Luo et al., ICLR 2019</source>
            <translation>Luo 等，ICLR 2019</translation>
        </message>
        <message>
            <source>SWATS</source>
            <translation>SWATS</translation>
        </message>
        <message>
            <source>Runs Adam until its steps look like those of SGD with a fixed rate, then switches to SGD with that rate.</source>
            <translation>先运行 Adam，直到其步长看起来与固定学习率的 SGD 相当，然后以该学习率切换为 SGD。</translation>
        </message>
        <message>
            <source>Keskar &amp; Socher, arXiv:1712.07628</source>
            <translation>Keskar &amp; Socher，arXiv:1712.07628</translation>
        </message>
        <message>
            <source>QHM</source>
            <translation>QHM</translation>
        </message>
        <message>
            <source>Steps along a weighted average of the current gradient and the momentum.</source>
            <translation>沿当前梯度与动量的加权平均方向更新。</translation>
        </message>
        <message>
            <source>Ma &amp; Yarats, ICLR 2019</source>
            <translation>Ma &amp; Yarats，ICLR 2019</translation>
        </message>
        <message>
            <source>QHAdam</source>
            <translation>QHAdam</translation>
        </message>
        <message>
            <source>Adam whose numerator and denominator each mix the running average with the current gradient.</source>
            <translation>分子和分母都把滑动平均与当前梯度混合的 Adam。</translation>
        </message>
        <message>
            <source>Adan</source>
            <translation>Adan</translation>
        </message>
        <message>
            <source>Adam with an extra momentum of gradient differences, a cheap look-ahead like Nesterov's.</source>
            <translation>额外带有梯度差动量的 Adam，相当于一种低成本的 Nesterov 式“向前看”。</translation>
        </message>
        <message>
            <source>Xie et al., IEEE TPAMI 2024 (arXiv:2208.06677)</source>
            <translation>Xie 等，IEEE TPAMI 2024（arXiv:2208.06677）</translation>
        </message>
        <message>
            <source>ADOPT</source>
            <translation>ADOPT</translation>
        </message>
        <message>
            <source>Adam that normalises the gradient by the previous step's second moment before averaging it, which makes it converge for any beta2.</source>
            <translation>先用上一步的二阶矩归一化梯度、再做平均的 Adam，因此对任意 beta2 都收敛。</translation>
        </message>
        <message>
            <source>Taniguchi et al., NeurIPS 2024</source>
            <translation>Taniguchi 等，NeurIPS 2024</translation>
        </message>
        <message>
            <source>MADGRAD</source>
            <translation>MADGRAD</translation>
        </message>
        <message>
            <source>Dual averaging: jumps from the starting point along the weighted sum of all past gradients, scaled by a cube-root preconditioner.</source>
            <translation>对偶平均：从起点出发，沿过去所有梯度的加权和跳跃，并用立方根预条件器缩放。</translation>
        </message>
        <message>
            <source>Defazio &amp; Jelassi, JMLR 2022</source>
            <translation>Defazio &amp; Jelassi，JMLR 2022</translation>
        </message>
        <message>
            <source>AdEMAMix</source>
            <translation>AdEMAMix</translation>
        </message>
        <message>
            <source>Adam plus a second, very slow momentum that remembers gradients from thousands of steps ago.</source>
            <translation>在 Adam 之上再加一个非常慢的动量，能记住数千步之前的梯度。</translation>
        </message>
        <message>
            <source>Pagliardini, Ablin &amp; Grangier, arXiv:2409.03483</source>
            <translation>Pagliardini, Ablin &amp; Grangier，arXiv:2409.03483</translation>
        </message>
        <message>
            <source>LaProp</source>
            <translation>LaProp</translation>
        </message>
        <message>
            <source>Adam with the order swapped: each gradient is normalised first, then averaged into the momentum.</source>
            <translation>交换了运算顺序的 Adam：先归一化每个梯度，再把它平均进动量。</translation>
        </message>
        <message>
            <source>Ziyin et al., arXiv:2002.04839</source>
            <translation>Ziyin 等，arXiv:2002.04839</translation>
        </message>
        <message>
            <source>Schedule-Free SGD</source>
            <translation>无调度 SGD</translation>
        </message>
        <message>
            <source>SGD that averages its own iterates on the fly, so no learning-rate schedule is needed; gradients are taken between the fast and the averaged point.</source>
            <translation>在线平均自身迭代点的 SGD，因此不需要学习率调度；梯度在快速点与平均点之间计算。</translation>
        </message>
        <message>
            <source>Defazio et al., NeurIPS 2024</source>
            <translation>Defazio 等，NeurIPS 2024</translation>
        </message>
        <message>
            <source>Schedule-Free AdamW</source>
            <translation>无调度 AdamW</translation>
        </message>
        <message>
            <source>AdamW without a learning-rate schedule: it averages its iterates on the fly and takes gradients between the fast and the averaged point.</source>
            <translation>不需要学习率调度的 AdamW：在线平均其迭代点，并在快速点与平均点之间计算梯度。</translation>
        </message>
        <message>
            <source>Newton</source>
            <translation>牛顿法</translation>
        </message>
        <message>
            <source>Second order: solves the local quadratic model exactly. One step on a quadratic, but attracted by saddles and maxima too.</source>
            <translation>二阶方法：精确求解局部二次模型。在二次函数上一步到位，但也会被鞍点和极大值吸引。</translation>
        </message>
        <message>
            <source>Newton (1669); Levenberg (1944) for the damping</source>
            <translation>Newton（1669）；阻尼项见 Levenberg（1944）</translation>
        </message>
        <message>
            <source>Gradient descent takes a step of the learning rate γ times the gradient, straight downhill, and remembers nothing between steps. Its behaviour is set entirely by γ and the local curvature: along a direction of curvature h each step multiplies the distance to the minimum by (1 − γh). With γh between 1 and 2 it overshoots and zig-zags, as across the ravine preset; above 2 it diverges; in flat directions it crawls. Momentum &gt; 0 turns it into the Momentum racer; weight decay λ adds λθ to the gradient (L2 regularisation).</source>
            <translation>梯度下降每一步沿最陡的下坡方向走“学习率 γ × 梯度”这么远，步与步之间不保留任何记忆。它的行为完全由 γ 和局部曲率决定：在曲率为 h 的方向上，每一步都把到极小值的距离乘以 (1 − γh)。当 γh 介于 1 和 2 之间时，它会冲过头并来回之字形震荡，就像在峡谷预设中横穿峡谷那样；γh 大于 2 时发散；在平坦方向上则进展缓慢。momentum &gt; 0 时它就变成了动量法选手；权重衰减 λ 会把 λθ 加到梯度上（L2 正则化）。</translation>
        </message>
        <message>
            <source>Momentum, the heavy ball, keeps a velocity b: the sum of past gradients, each decayed by μ per step (0.9 here), and steps along it. Where successive gradients agree the velocity grows to about 1/(1 − μ) = 10 plain steps, so it rolls quickly along long gentle valleys; where they alternate in sign, as across a ravine, they largely cancel. The price is inertia: it overshoots a minimum and swings around it before settling, and it can roll straight over a narrow basin. Dampening τ scales down each new gradient's share of the velocity.</source>
            <translation>动量法（重球法）维护一个速度 b：过去各步梯度之和，每过一步衰减为原来的 μ 倍（这里 μ = 0.9），并沿速度方向前进。如果相邻几步的梯度方向一致，速度会增长到普通步长的约 1/(1 − μ) = 10 倍，因此它能沿着狭长平缓的山谷快速滚动；如果梯度符号来回交替（例如横穿峡谷时），它们大部分会相互抵消。代价是惯性：它会冲过极小值，在附近来回摆动后才稳定下来，也可能直接滚过一个狭窄的盆地。阻尼 τ 会减小每个新梯度在速度中所占的份额。</translation>
        </message>
        <message>
            <source>Nesterov momentum steps with the current gradient plus μ times the new velocity, a look-ahead that corrects the velocity before it carries the point too far. On smooth convex problems it provably converges faster than plain gradient descent; in the race it overshoots and oscillates less than heavy-ball Momentum with the same learning rate and μ. This is PyTorch's formulation (Sutskever et al.), which folds the look-ahead into the step instead of taking the gradient at a shifted point.</source>
            <translation>Nesterov 动量用“当前梯度 + μ × 新速度”来更新，这种“向前看”会在速度把点带得太远之前先对它进行修正。在光滑凸问题上，可以证明它比普通梯度下降收敛得更快；在竞速中，与学习率和 μ 相同的重球动量法相比，它冲过头和振荡都更少。这里采用 PyTorch 的形式（Sutskever 等人），把“向前看”并入更新步骤，而不是在平移后的点上计算梯度。</translation>
        </message>
        <message>
            <source>AdaGrad gives every coordinate its own step size: it divides the step by the square root of the sum of all squared gradients seen so far on that coordinate. Steep directions get small steps and flat ones large steps, which is why it crosses the ravine without zig-zagging and why it suited sparse features. Because the sum only grows, the steps keep shrinking, roughly like 1/√t: on long runs AdaGrad slows down and can stall before reaching the minimum. lr_decay further divides the learning rate by 1 + (t − 1)·lr_decay.</source>
            <translation>AdaGrad 为每个坐标分配各自的步长：把步长除以该坐标上迄今所有梯度平方之和的平方根。陡峭方向的步长小，平坦方向的步长大，所以它穿过峡谷时不会之字形震荡，也因此适合稀疏特征。由于这个累加和只增不减，步长会不断缩小，大致按 1/√t 衰减：长时间运行时 AdaGrad 会越来越慢，甚至可能在到达极小值之前停滞。lr_decay 还会再把学习率除以 1 + (t − 1)·lr_decay。</translation>
        </message>
        <message>
            <source>RMSprop cures AdaGrad's ever-shrinking steps by dividing by a running average of squared gradients (decay α, 0.99) instead of their sum: old gradients are forgotten, and each coordinate's step follows the recent scale of its gradient. Steps therefore stay close to the learning rate even where the gradient is small, so RMSprop may circle around a minimum unless the learning rate is lowered. 'centered' divides by an estimate of the gradient's variance instead; 'momentum' adds a velocity on top of the normalised gradient.</source>
            <translation>RMSprop 用梯度平方的滑动平均（衰减率 α = 0.99）代替累加和作为分母，解决了 AdaGrad 步长不断缩小的问题：旧的梯度会被逐渐遗忘，每个坐标的步长跟随其梯度最近的尺度变化。因此即使梯度很小，步长也保持在学习率附近，除非降低学习率，否则 RMSprop 可能会绕着极小值打转。'centered' 改为除以梯度方差的估计；'momentum' 在归一化后的梯度之上再加一个速度项。</translation>
        </message>
        <message>
            <source>Adadelta makes RMSprop's step carry the right units: the gradient is multiplied by the ratio of a running RMS of past updates to a running RMS of past gradients, both decayed with ρ. The first steps are tiny (of the order of √ε) and grow as updates accumulate, so it starts slowly but needs almost no tuning of the learning rate, which PyTorch keeps as a plain factor on the update (1.0 by default).</source>
            <translation>Adadelta 让 RMSprop 的步长具有正确的量纲：梯度乘以“过去更新量的滑动 RMS”与“过去梯度的滑动 RMS”之比，两者都以 ρ 衰减。最初几步非常小（约为 √ε 量级），随着更新量的累积逐渐变大，所以起步较慢，但几乎不需要调学习率；PyTorch 把学习率保留为更新量上的一个普通系数（默认 1.0）。</translation>
        </message>
        <message>
            <source>Adam combines momentum and RMSprop: it keeps running averages of the gradient (β₁) and of its square (β₂), corrects both for starting at zero, and steps along their ratio. Every coordinate then moves by roughly the learning rate per step, whatever the gradient's scale, which makes Adam robust and easy to tune: the default choice of deep learning. On the race surfaces it first heads almost diagonally (both coordinates take similar steps) and, with a large learning rate, circles around the minimum before settling. amsgrad = true gives AMSGrad.</source>
            <translation>Adam 结合了动量法和 RMSprop：它维护梯度（β₁）及其平方（β₂）的滑动平均，对两者从零开始带来的偏差做修正，然后沿二者之比的方向更新。这样无论梯度尺度如何，每个坐标每步大约移动一个学习率的距离，因此 Adam 稳健且容易调参，是深度学习的默认选择。在竞速曲面上，它一开始几乎沿对角线前进（两个坐标的步长相近）；学习率较大时，它会绕着极小值打转一阵才稳定下来。amsgrad = true 即为 AMSGrad。</translation>
        </message>
        <message>
            <source>AdamW is Adam with decoupled weight decay: instead of adding λθ to the gradient, where Adam's normalisation would rescale it coordinate by coordinate, it shrinks the weights directly by the factor (1 − γλ) each step. The decay then acts as intended, which regularises deep networks better than L2 in Adam. On a 2-D surface the decay pulls the racer gently towards the origin, so with weight_decay &gt; 0 it settles slightly off the minimum.</source>
            <translation>AdamW 是采用解耦权重衰减的 Adam：它不把 λθ 加到梯度上（那样会被 Adam 的归一化逐坐标地重新缩放），而是每一步直接把权重乘以 (1 − γλ)。这样衰减才能按预期起作用，对深度网络的正则化效果比在 Adam 中使用 L2 更好。在二维曲面上，权重衰减会把选手轻轻拉向原点，所以当 weight_decay &gt; 0 时，它会停在稍稍偏离极小值的位置。</translation>
        </message>
        <message>
            <source>AMSGrad is Adam with one change: the denominator uses the largest second-moment estimate seen so far, so no coordinate's step size can grow again after a burst of large gradients. Reddi et al. showed that Adam can fail to converge even on simple convex problems because its estimate can shrink too fast; keeping the maximum restores the convergence proof. In practice it behaves like a more cautious Adam.</source>
            <translation>AMSGrad 只对 Adam 做了一处改动：分母使用迄今为止最大的二阶矩估计，因此在一阵大梯度之后，任何坐标的步长都不会再变大。Reddi 等人证明，由于二阶矩估计可能缩小得太快，Adam 即使在简单的凸问题上也可能不收敛；保留最大值就恢复了收敛性证明。实际使用中，它表现得像一个更谨慎的 Adam。</translation>
        </message>
        <message>
            <source>NAdam brings Nesterov's look-ahead into Adam: each step mixes the current gradient with the momentum it is about to apply, with a momentum coefficient μₜ that warms up over the first few hundred steps (momentum_decay ψ). It reacts a little faster than Adam when the direction changes and overshoots less. decoupled_weight_decay = true applies weight decay the AdamW way.</source>
            <translation>NAdam 把 Nesterov 的“向前看”引入 Adam：每一步把当前梯度与即将施加的动量混合，动量系数 μₜ 在最初几百步内逐渐预热（momentum_decay ψ）。方向改变时，它比 Adam 反应稍快，冲过头也更少。decoupled_weight_decay = true 时按 AdamW 的方式施加权重衰减。</translation>
        </message>
        <message>
            <source>RAdam (rectified Adam) tames Adam's first steps, when the squared-gradient average rests on very few samples and the adaptive step can be far too large. While the estimated length ρₜ of that average is at most 5 it takes plain momentum steps; afterwards it uses Adam's step times a rectification factor rₜ that rises towards 1. This acts as a built-in learning-rate warm-up.</source>
            <translation>RAdam（修正的 Adam）约束了 Adam 最初几步的行为：此时梯度平方的平均只基于极少的样本，自适应步长可能大得离谱。当该平均的估计长度 ρₜ 不超过 5 时，它采用普通的动量更新；之后使用 Adam 的步长乘以一个逐渐升向 1 的修正因子 rₜ。这相当于内置了学习率预热。</translation>
        </message>
        <message>
            <source>Adamax, from the same paper as Adam, replaces the root-mean-square denominator with an exponentially weighted maximum: u is the larger of the decayed previous u and the current |g|. The denominator reacts at once to a large gradient and forgets it slowly, and it needs no bias correction, which makes Adamax steadier when gradients are occasionally very large.</source>
            <translation>Adamax 与 Adam 出自同一篇论文，它把均方根分母换成指数加权的最大值：u 取衰减后的上一步 u 与当前 |g| 中的较大者。分母对大梯度立即作出反应，并缓慢地忘记它，而且不需要偏差修正，因此在偶尔出现很大梯度时，Adamax 更加平稳。</translation>
        </message>
        <message>
            <source>Rprop (resilient backpropagation) ignores the size of the gradient and uses only its sign. Every coordinate has its own step size, which grows by η⁺ (1.2) while the sign holds and is halved (η⁻) when it flips, that is when the minimum was overshot, within [step_min, step_max]. It is fast and robust with exact gradients, as in the race without noise, but not meant for noisy mini-batch gradients whose signs flip at random.</source>
            <translation>Rprop（弹性反向传播）忽略梯度的大小，只使用它的符号。每个坐标有各自的步长：符号保持不变时步长乘以 η⁺（1.2），符号翻转时（即越过了极小值）步长减半（η⁻），并限制在 [step_min, step_max] 之内。在精确梯度下（例如没有噪声的竞速）它又快又稳，但不适用于带噪声的小批量梯度，因为它们的符号会随机翻转。</translation>
        </message>
        <message>
            <source>Lion (evolved sign momentum) was found by an automated search over programs. It steps by the sign of a blend of the momentum and the current gradient (β₁), so every coordinate moves by exactly the learning rate, and updates its momentum with a slower coefficient β₂. With a single state array it is cheaper than Adam; since its steps have a fixed size, its learning rate is usually 3 to 10 times smaller than Adam's. On 2-D surfaces it moves along diagonals and ends by jittering around the minimum by about the learning rate.</source>
            <translation>Lion（演化出的符号动量）是通过对程序的自动搜索发现的。它按动量与当前梯度的混合（β₁）的符号更新，因此每个坐标恰好移动一个学习率的距离，并用更慢的系数 β₂ 更新动量。它只需要一个状态数组，比 Adam 更省资源；由于步长固定，它的学习率通常比 Adam 小 3 到 10 倍。在二维曲面上，它沿对角线移动，最后在极小值附近以约一个学习率的幅度抖动。</translation>
        </message>
        <message>
            <source>signSGD steps by the sign of the gradient only; with momentum &gt; 0 (the default here) by the sign of a running average of gradients, a variant also called Signum. Every coordinate moves by the same amount, so badly scaled gradients do not matter, but it cannot slow down near a minimum and ends up oscillating around it by the learning rate. In distributed training its appeal is that a sign takes one bit to send.</source>
            <translation>signSGD 只按梯度的符号更新；当 momentum &gt; 0（这里的默认值）时，按梯度滑动平均的符号更新，这一变体也称为 Signum。每个坐标移动相同的距离，所以梯度尺度不佳也没有影响，但它在极小值附近无法减速，最终会以学习率为幅度在极小值周围振荡。在分布式训练中，它的优势在于传输一个符号只需要一个比特。</translation>
        </message>
        <message>
            <source>Yogi changes how Adam's squared-gradient estimate v adapts: instead of moving v a fraction of the way to g², it adds or subtracts (1 − β₂)·g² depending on whether v is below or above g². v then changes by bounded steps, so a sudden drop in the gradient cannot make the effective learning rate jump up. It starts from a small positive initial_accumulator and uses a larger ε (10⁻³) than Adam.</source>
            <translation>Yogi 改变了 Adam 中梯度平方估计 v 的更新方式：不是把 v 向 g² 移动一定比例，而是根据 v 小于还是大于 g²，加上或减去 (1 − β₂)·g²。这样 v 每次的变化量有界，梯度突然变小也不会使有效学习率骤增。它从一个较小的正数 initial_accumulator 开始，并使用比 Adam 更大的 ε（10⁻³）。</translation>
        </message>
        <message>
            <source>AdaBelief is Adam with a different denominator: the running average of the squared deviation of the gradient from its momentum, (g − m)², instead of g². When the gradient is predictable, as along a smooth valley, the deviation is small and AdaBelief takes large steps; when it jumps around, it takes small cautious ones. Options add AdamW-style decay, RAdam's rectification and AMSGrad's bound.</source>
            <translation>AdaBelief 是换了分母的 Adam：分母用梯度与其动量之差的平方 (g − m)² 的滑动平均，而不是 g²。当梯度可以预测时（例如沿着光滑的山谷），偏差很小，AdaBelief 会迈大步；当梯度来回跳动时，它会小心地迈小步。可选项可以加入 AdamW 式的权重衰减、RAdam 的修正和 AMSGrad 的上界。</translation>
        </message>
        <message>
            <source>AdaBound starts like Adam and gradually turns into SGD: each coordinate's adaptive step size is clipped into a band around final_lr that is wide at first (from 0 to ∞) and narrows over time, at a speed set by gamma (κ). Early on it enjoys Adam's fast progress; later every coordinate gets nearly the same step size, final_lr, like SGD, which Luo et al. argue generalises better.</source>
            <translation>AdaBound 开始时像 Adam，然后逐渐变成 SGD：每个坐标的自适应步长被裁剪到以 final_lr 为中心的一个区间内，该区间起初很宽（从 0 到 ∞），随后逐渐收窄，收窄速度由 gamma（κ）决定。早期它享有 Adam 的快速进展；后期每个坐标的步长都接近 final_lr，就像 SGD 一样，Luo 等人认为这样泛化得更好。</translation>
        </message>
        <message>
            <source>SWATS (switching from Adam to SGD) runs Adam and, at every step, estimates the SGD learning rate that would have produced Adam's step along the gradient. It keeps a running average of that estimate; once the average stops changing, it switches for good to SGD with momentum at that learning rate. In the race the path changes character at the moment of the switch.</source>
            <translation>SWATS（从 Adam 切换到 SGD）先运行 Adam，并在每一步估计：若要在梯度方向上得到与 Adam 相同的步长，SGD 需要多大的学习率。它对这个估计取滑动平均；一旦平均值不再变化，就永久切换为使用该学习率的带动量 SGD。在竞速中，切换时刻前后路径的特征明显不同。</translation>
        </message>
        <message>
            <source>Quasi-hyperbolic momentum steps along a weighted average of the momentum buffer and the current gradient: ν·b + (1 − ν)·g. With ν = 1 it is (normalised) momentum, with ν = 0 plain SGD; mixing in the raw gradient keeps SGD's responsiveness while keeping much of momentum's averaging. The defaults here (β = 0, ν = 1) are plain SGD; Ma &amp; Yarats recommend ν = 0.7 with β = 0.999. Nesterov momentum and several other methods are special cases.</source>
            <translation>准双曲动量（QHM）沿动量缓冲与当前梯度的加权平均 ν·b + (1 − ν)·g 更新。ν = 1 时为（归一化的）动量法，ν = 0 时为普通 SGD；混入原始梯度既保留了 SGD 的灵敏，又保留了动量法的大部分平均效果。这里的默认值（β = 0，ν = 1）就是普通 SGD；Ma 和 Yarats 推荐 ν = 0.7、β = 0.999。Nesterov 动量和其他几种方法都是它的特例。</translation>
        </message>
        <message>
            <source>QHAdam applies the quasi-hyperbolic idea to Adam: the numerator mixes the momentum with the current gradient (ν₁) and the denominator mixes the squared-gradient average with the current g² (ν₂). With ν₁ = ν₂ = 1, the defaults here, it is Adam; the paper suggests ν₁ = 0.7, ν₂ = 1, and recovers NAdam and other variants as special cases.</source>
            <translation>QHAdam 把准双曲的思想用于 Adam：分子混合动量与当前梯度（ν₁），分母混合梯度平方的平均与当前的 g²（ν₂）。当 ν₁ = ν₂ = 1（这里的默认值）时即为 Adam；论文建议 ν₁ = 0.7、ν₂ = 1，并把 NAdam 等变体作为特例包含在内。</translation>
        </message>
        <message>
            <source>Adan (adaptive Nesterov momentum) keeps three running averages: of the gradient (β₁), of the gradient's change from the previous step (β₂), and of the square of the gradient corrected by that change (β₃). The change term is a cheap stand-in for Nesterov's look-ahead that needs no gradient at a second point. Weight decay is applied as a proximal step, dividing by 1 + γλ.</source>
            <translation>Adan（自适应 Nesterov 动量）维护三个滑动平均：梯度的（β₁）、梯度相对上一步的变化量的（β₂），以及经该变化量修正后的梯度平方的（β₃）。变化量这一项以很低的代价代替了 Nesterov 的“向前看”，不需要在另一个点上计算梯度。权重衰减以近端步的方式施加，即除以 1 + γλ。</translation>
        </message>
        <message>
            <source>ADOPT fixes Adam's convergence problem differently from AMSGrad: it divides the current gradient by the squared-gradient estimate of the previous step, so the two are independent, clips the result, and only then averages it into the momentum. With this order it converges for any β₂, with no ever-growing maximum. Its first step only initialises the estimate, so the racer does not move at step 1.</source>
            <translation>ADOPT 用与 AMSGrad 不同的方式修复 Adam 的收敛问题：它用上一步的梯度平方估计去除当前梯度，使二者相互独立，对结果进行裁剪，然后才把它平均进动量。按这个顺序，它对任意 β₂ 都收敛，也不需要不断增大的最大值。它的第一步只初始化估计量，所以选手在第 1 步不会移动。</translation>
        </message>
        <message>
            <source>MADGRAD is a dual-averaging method: instead of stepping from the current point it adds up all past gradients, weighted more and more (like √t), and jumps from the starting point θ₀ by that sum divided by the cube root of the accumulated squared gradients; the point then moves towards this target with momentum. It was designed to match SGD's results with Adam's ease of tuning; its paths on 2-D surfaces look quite unlike those of step-based methods.</source>
            <translation>MADGRAD 是一种对偶平均方法：它不从当前点出发迈步，而是把过去所有梯度加权累加（权重按 √t 增大），从起点 θ₀ 出发，跳到“累加和除以累积梯度平方的立方根”所给出的位置；然后当前点带着动量向这个目标移动。它的设计目标是兼得 SGD 的效果和 Adam 的易调参；它在二维曲面上的路径与逐步更新的方法大不相同。</translation>
        </message>
        <message>
            <source>AdEMAMix adds to Adam a second, very slow momentum (β₃ = 0.9999 remembers roughly the last 10 000 gradients) and steps along the fast momentum plus α times the slow one. Pagliardini et al. found that such old gradients stay useful for a long time when training language models. α and β₃ can be warmed up over t_alpha_beta3 steps; without warm-up the slow term takes over gradually in long races.</source>
            <translation>AdEMAMix 在 Adam 的基础上增加了第二个非常慢的动量（β₃ = 0.9999，大约记住最近 10 000 个梯度），并沿“快动量 + α × 慢动量”的方向更新。Pagliardini 等人发现，在训练语言模型时，这样的旧梯度在很长时间内仍然有用。α 和 β₃ 可以在 t_alpha_beta3 步内预热；不预热时，在长时间的竞速中慢动量项会逐渐占据主导。</translation>
        </message>
        <message>
            <source>LaProp swaps two operations of Adam: it first divides each gradient by the running RMS of gradients, as RMSprop does, and then averages these normalised gradients into the momentum. Separating momentum from adaptivity removes Adam's instability when β₁ is large compared with β₂, so the two can be chosen independently.</source>
            <translation>LaProp 交换了 Adam 中两个操作的顺序：先像 RMSprop 那样用梯度的滑动 RMS 去除每个梯度，再把这些归一化后的梯度平均进动量。把动量与自适应分离，消除了 Adam 在 β₁ 相对 β₂ 较大时的不稳定性，因此二者可以独立选取。</translation>
        </message>
        <message>
            <source>Schedule-free SGD needs no learning-rate schedule and no planned number of steps: it runs a fast SGD sequence z, averages it on the fly into x, the answer, and takes gradients at a point y between the two. The averaging does what a decaying schedule would do, so the learning rate stays constant. r and weight_lr_power set how the average weights later points; warmup_steps ramps the learning rate up.</source>
            <translation>无调度 SGD（Schedule-free SGD）不需要学习率调度，也不需要预先设定总步数：它运行一条快速的 SGD 序列 z，同时在线地把它平均为 x（即最终答案），并在二者之间的点 y 处计算梯度。平均起到了学习率衰减调度的作用，所以学习率可以保持不变。r 和 weight_lr_power 决定平均时后面的点所占的权重；warmup_steps 让学习率逐步升高（预热）。</translation>
        </message>
        <message>
            <source>Schedule-free AdamW applies the same averaging to AdamW: the fast sequence z takes AdamW-normalised steps, gradients are taken between z and its running average x (β₁ sets where), and x is the answer. It was the core of the winning entry of the 2024 AlgoPerf self-tuning track, with no learning-rate schedule at all. Use a few warm-up steps for a smooth start.</source>
            <translation>无调度 AdamW（Schedule-free AdamW）对 AdamW 采用同样的平均：快速序列 z 走经过 AdamW 归一化的步，梯度在 z 与其滑动平均 x 之间的点处计算（位置由 β₁ 决定），x 即为最终答案。它是 2024 年 AlgoPerf 自调参赛道冠军方案的核心，完全不需要学习率调度。设置几步预热可以让起步更平稳。</translation>
        </message>
        <message>
            <source>Newton's method uses second derivatives: it fits the local quadratic model with the exact Hessian H and jumps to its stationary point, a step of −H⁻¹g. On a quadratic bowl it lands on the minimum in one step (lr = 1), and near a minimum it converges quadratically, doubling the number of correct digits at each step. But where H is not positive definite the stationary point is a saddle or a maximum, so Newton walks into saddles (see the saddle preset). Damping δ adds δI to H (Levenberg) and turns the step towards a short gradient step. For neural networks H is far too large to form, which is why first-order methods rule there.</source>
            <translation>牛顿法使用二阶导数：用精确的 Hessian 矩阵 H 拟合局部二次模型，并直接跳到它的驻点，即走一步 −H⁻¹g。在二次碗形曲面上它一步就落在极小值上（lr = 1），在极小值附近它二次收敛，每一步正确的有效数字位数翻倍。但在 H 不正定的地方，驻点是鞍点或极大值，所以牛顿法会走进鞍点（见鞍点预设）。阻尼 δ 在 H 上加 δI（Levenberg 方法），使这一步偏向一个较短的梯度步。对神经网络而言，H 太大，根本无法构造，这就是一阶方法在那里占主导的原因。</translation>
        </message>
        <message>
            <source>learning rate (step size)</source>
            <translation>学习率（步长）</translation>
        </message>
        <message>
            <source>momentum factor</source>
            <translation>动量系数</translation>
        </message>
        <message>
            <source>dampening for momentum</source>
            <translation>动量的阻尼</translation>
        </message>
        <message>
            <source>L2 penalty (weight decay)</source>
            <translation>L2 惩罚（权重衰减）</translation>
        </message>
        <message>
            <source>use Nesterov momentum</source>
            <translation>使用 Nesterov 动量</translation>
        </message>
        <message>
            <source>learning-rate decay per step</source>
            <translation>每步的学习率衰减</translation>
        </message>
        <message>
            <source>starting value of the sum of squares</source>
            <translation>平方和的初始值</translation>
        </message>
        <message>
            <source>term added to the denominator for stability</source>
            <translation>为数值稳定加到分母上的项</translation>
        </message>
        <message>
            <source>smoothing constant of the squared-gradient average</source>
            <translation>梯度平方平均的平滑常数</translation>
        </message>
        <message>
            <source>normalise by the estimated variance</source>
            <translation>用估计的方差进行归一化</translation>
        </message>
        <message>
            <source>coefficient that scales delta before it is applied</source>
            <translation>更新量施加之前所乘的缩放系数</translation>
        </message>
        <message>
            <source>decay rate of the running averages</source>
            <translation>滑动平均的衰减率</translation>
        </message>
        <message>
            <source>decay rate of the first-moment (mean) estimate</source>
            <translation>一阶矩（均值）估计的衰减率</translation>
        </message>
        <message>
            <source>decay rate of the second-moment (uncentered variance) estimate</source>
            <translation>二阶矩（未中心化方差）估计的衰减率</translation>
        </message>
        <message>
            <source>use the running maximum of v (AMSGrad)</source>
            <translation>使用 v 的历史最大值（AMSGrad）</translation>
        </message>
        <message>
            <source>decoupled weight decay</source>
            <translation>解耦权重衰减</translation>
        </message>
        <message>
            <source>momentum decay ψ</source>
            <translation>动量衰减 ψ</translation>
        </message>
        <message>
            <source>AdamW-style weight decay</source>
            <translation>AdamW 式权重衰减</translation>
        </message>
        <message>
            <source>initial step size</source>
            <translation>初始步长</translation>
        </message>
        <message>
            <source>multiplicative decrease factor</source>
            <translation>步长缩小的乘数</translation>
        </message>
        <message>
            <source>multiplicative increase factor</source>
            <translation>步长增大的乘数</translation>
        </message>
        <message>
            <source>minimal step size</source>
            <translation>最小步长</translation>
        </message>
        <message>
            <source>maximal step size</source>
            <translation>最大步长</translation>
        </message>
        <message>
            <source>interpolation between momentum and gradient for the update</source>
            <translation>更新时动量与梯度之间的插值系数</translation>
        </message>
        <message>
            <source>decay rate of the momentum</source>
            <translation>动量的衰减率</translation>
        </message>
        <message>
            <source>decoupled (AdamW-style) weight decay: shrink the weights instead of adding λθ to g</source>
            <translation>解耦（AdamW 式）权重衰减：直接缩小权重，而不是把 λθ 加到 g 上</translation>
        </message>
        <message>
            <source>decoupled decay not scaled by the learning rate</source>
            <translation>不随学习率缩放的解耦衰减</translation>
        </message>
        <message>
            <source>momentum factor (0 = plain signSGD)</source>
            <translation>动量系数（0 = 普通 signSGD）</translation>
        </message>
        <message>
            <source>decay rate of the second-moment estimate</source>
            <translation>二阶矩估计的衰减率</translation>
        </message>
        <message>
            <source>starting value of both moments</source>
            <translation>两个矩的初始值</translation>
        </message>
        <message>
            <source>RAdam-style rectification of the adaptive step</source>
            <translation>对自适应步长做 RAdam 式修正</translation>
        </message>
        <message>
            <source>SMA length from which the rectified step is used</source>
            <translation>开始使用修正步长时，移动平均近似长度的阈值</translation>
        </message>
        <message>
            <source>take SGD steps before the rectification threshold</source>
            <translation>在达到修正阈值之前采用 SGD 步</translation>
        </message>
        <message>
            <source>use the running maximum of the second moment (AMSGrad)</source>
            <translation>使用二阶矩的历史最大值（AMSGrad）</translation>
        </message>
        <message>
            <source>the SGD learning rate the bounds converge to</source>
            <translation>上下界最终收敛到的 SGD 学习率</translation>
        </message>
        <message>
            <source>convergence speed of the bounds</source>
            <translation>上下界的收敛速度</translation>
        </message>
        <message>
            <source>Nesterov momentum in the SGD phase</source>
            <translation>在 SGD 阶段使用 Nesterov 动量</translation>
        </message>
        <message>
            <source>denominator term; also the relative tolerance of the switch test</source>
            <translation>分母中的小常数；同时也是切换判据的相对容差</translation>
        </message>
        <message>
            <source>momentum factor β</source>
            <translation>动量系数 β</translation>
        </message>
        <message>
            <source>weight ν of the momentum against the plain gradient</source>
            <translation>动量相对于原始梯度的权重 ν</translation>
        </message>
        <message>
            <source>weight of the first moment against the gradient</source>
            <translation>一阶矩相对于梯度的权重</translation>
        </message>
        <message>
            <source>weight of the second moment against the squared gradient</source>
            <translation>二阶矩相对于梯度平方的权重</translation>
        </message>
        <message>
            <source>decay rate of the gradient average</source>
            <translation>梯度平均的衰减率</translation>
        </message>
        <message>
            <source>decay rate of the gradient-difference average</source>
            <translation>梯度差平均的衰减率</translation>
        </message>
        <message>
            <source>decay rate of the squared corrected gradient</source>
            <translation>修正后梯度平方的衰减率</translation>
        </message>
        <message>
            <source>clip the gradient norm to this (0 = off)</source>
            <translation>把梯度范数裁剪到此值（0 = 不裁剪）</translation>
        </message>
        <message>
            <source>lower bound of the denominator</source>
            <translation>分母的下界</translation>
        </message>
        <message>
            <source>decay rate of the slow momentum</source>
            <translation>慢动量的衰减率</translation>
        </message>
        <message>
            <source>weight α of the slow momentum</source>
            <translation>慢动量的权重 α</translation>
        </message>
        <message>
            <source>warm-up steps of α and β3 (0 = no warm-up)</source>
            <translation>α 和 β3 的预热步数（0 = 不预热）</translation>
        </message>
        <message>
            <source>subtract the squared gradient mean from the second moment</source>
            <translation>从二阶矩中减去梯度均值的平方</translation>
        </message>
        <message>
            <source>steps to average before centering</source>
            <translation>开始中心化之前用于平均的步数</translation>
        </message>
        <message>
            <source>interpolation β between the SGD iterate z and the average x</source>
            <translation>SGD 迭代点 z 与平均点 x 之间的插值系数 β</translation>
        </message>
        <message>
            <source>exponent of the polynomial step weighting of the average</source>
            <translation>平均时按步数多项式加权的指数</translation>
        </message>
        <message>
            <source>exponent of the max learning rate in the averaging weight</source>
            <translation>平均权重中最大学习率的指数</translation>
        </message>
        <message>
            <source>steps of linear learning-rate warm-up</source>
            <translation>学习率线性预热的步数</translation>
        </message>
        <message>
            <source>interpolation β1 between the iterate z and the average x</source>
            <translation>迭代点 z 与平均点 x 之间的插值系数 β1</translation>
        </message>
        <message>
            <source>scale of the averaging weight (0 = standard averaging)</source>
            <translation>平均权重的尺度（0 = 标准平均）</translation>
        </message>
        <message>
            <source>step-length factor (1 = full Newton step)</source>
            <translation>步长系数（1 = 完整的牛顿步）</translation>
        </message>
        <message>
            <source>δ added to the Hessian diagonal (Levenberg damping)</source>
            <translation>加到 Hessian 矩阵对角线上的 δ（Levenberg 阻尼）</translation>
        </message>
        <message>
            <source>Ravine</source>
            <translation>峡谷</translation>
        </message>
        <message>
            <source>An elongated bowl twenty times steeper across than along: plain gradient descent zig-zags across the ravine and crawls along it, while momentum and adaptive methods run down the valley floor.</source>
            <translation>一个狭长的碗，横向比纵向陡 20 倍：普通梯度下降在峡谷两壁间之字形震荡，沿谷底方向则进展缓慢；而动量法和自适应方法能沿谷底一路向下。</translation>
        </message>
        <message>
            <source>Sphere</source>
            <translation>球面</translation>
        </message>
        <message>
            <source>The perfectly round bowl: every gradient points straight at the minimum, so all sensible optimizers converge and only their step-size behaviour differs.</source>
            <translation>完美的圆形碗：每个梯度都直指极小值，所以所有合理的优化器都能收敛，区别只在于步长的变化方式。</translation>
        </message>
        <message>
            <source>Matyas</source>
            <translation>Matyas 函数</translation>
        </message>
        <message>
            <source>A nearly flat valley along the diagonal (curvatures 1 and 0.04): the gradient becomes tiny long before the minimum, so methods that build up speed arrive far sooner than plain gradient descent.</source>
            <translation>沿对角线方向几乎平坦的山谷（曲率分别为 1 和 0.04）：离极小值还很远时梯度就已经非常小，所以能积累速度的方法比普通梯度下降早得多到达。</translation>
        </message>
        <message>
            <source>Booth</source>
            <translation>Booth 函数</translation>
        </message>
        <message>
            <source>A convex quadratic whose valley runs diagonally (curvatures 18 and 2): easy for everyone, but the rotation blunts the advantage of per-coordinate step sizes.</source>
            <translation>山谷沿对角线方向延伸的凸二次函数（曲率分别为 18 和 2）：对所有优化器都不难，但坐标轴的旋转削弱了逐坐标步长的优势。</translation>
        </message>
        <message>
            <source>Rosenbrock</source>
            <translation>Rosenbrock 函数</translation>
        </message>
        <message>
            <source>The banana valley: reaching the curved valley is easy, following its flat, bending floor to (1, 1) is hard, which separates momentum, adaptive and second-order methods from plain gradient descent.</source>
            <translation>香蕉形山谷：到达弯曲的山谷很容易，但沿着平坦而弯曲的谷底走到 (1, 1) 很难，这正好区分出动量法、自适应方法、二阶方法与普通梯度下降。</translation>
        </message>
        <message>
            <source>Beale</source>
            <translation>Beale 函数</translation>
        </message>
        <message>
            <source>Steep walls and a flat, curving valley towards (3, 0.5), with gradients spanning orders of magnitude: a step size that suits one region explodes or stalls in another.</source>
            <translation>陡峭的谷壁加上一条通向 (3, 0.5) 的平坦弯曲山谷，梯度大小跨越多个数量级：适合某一区域的步长，到了另一区域要么爆炸、要么停滞。</translation>
        </message>
        <message>
            <source>Three-hump camel</source>
            <translation>三峰驼背函数</translation>
        </message>
        <message>
            <source>One global minimum flanked by two shallower local minima: started on the side, most optimizers settle in the nearest hump and only large steps carry one over into the centre.</source>
            <translation>一个全局最小值，两侧各有一个较浅的局部极小值：从侧面出发时，大多数优化器会停在最近的那个凹陷里，只有大步长才能把它带到中央。</translation>
        </message>
        <message>
            <source>Six-hump camel</source>
            <translation>六峰驼背函数</translation>
        </message>
        <message>
            <source>Six local minima, two of them global mirror images: which basin an optimizer ends in depends on the path it takes, not only on where it starts.</source>
            <translation>六个局部极小值，其中两个是互为镜像的全局最小值：优化器最终落入哪个盆地，不仅取决于起点，还取决于它走过的路径。</translation>
        </message>
        <message>
            <source>Himmelblau</source>
            <translation>Himmelblau 函数</translation>
        </message>
        <message>
            <source>Four equally deep global minima around a central hill: from the same start, different optimizers reach different, equally good answers.</source>
            <translation>围绕中央山丘的四个同样深的全局最小值：从同一起点出发，不同的优化器会到达不同但同样好的答案。</translation>
        </message>
        <message>
            <source>Goldstein-Price</source>
            <translation>Goldstein-Price 函数</translation>
        </message>
        <message>
            <source>Values span six orders of magnitude across several local minima: raw gradient steps explode near the edges, so gradient clipping or adaptive scaling is essential.</source>
            <translation>函数值跨越六个数量级，并有多个局部极小值：原始梯度步在边缘附近会爆炸，因此梯度裁剪或自适应缩放必不可少。</translation>
        </message>
        <message>
            <source>McCormick</source>
            <translation>McCormick 函数</translation>
        </message>
        <message>
            <source>A gently tilted, wavy trough: nearly convex and easy, yet starts on its upper side drain into a shallow local minimum, and beyond this domain f falls without bound.</source>
            <translation>一条略微倾斜、起伏的沟槽：几乎是凸的，也不难，但从上侧出发会流入一个较浅的局部极小值；超出此定义域后 f 无下界地下降。</translation>
        </message>
        <message>
            <source>Styblinski-Tang</source>
            <translation>Styblinski-Tang 函数</translation>
        </message>
        <message>
            <source>Four basins at the corners of a square, only one of them the deepest: descent goes to the nearest basin, not the best one.</source>
            <translation>正方形四角上的四个盆地，只有一个最深：下降法会走向最近的盆地，而不是最好的那个。</translation>
        </message>
        <message>
            <source>Lévi N.13</source>
            <translation>Lévi N.13 函数</translation>
        </message>
        <message>
            <source>Dense ripples on a smooth bowl: small steps get stuck between ripples, while momentum or large steps carry an optimizer over them to (1, 1).</source>
            <translation>光滑碗面上布满密集的波纹：小步长会卡在波纹之间，而动量或大步长能带着优化器越过它们到达 (1, 1)。</translation>
        </message>
        <message>
            <source>Rastrigin</source>
            <translation>Rastrigin 函数</translation>
        </message>
        <message>
            <source>A bowl covered in a regular grid of local minima: gradient methods stop in the nearest dimple, which is why global optimisation needs more than descent.</source>
            <translation>布满规则网格状局部极小值的碗：梯度法会停在最近的小坑里，这就是全局优化不能只靠下降法的原因。</translation>
        </message>
        <message>
            <source>Ackley</source>
            <translation>Ackley 函数</translation>
        </message>
        <message>
            <source>An egg-crate of local minima on a funnel with a sharp tip: local gradients point to the nearest bump, and only momentum or large steps reach the kink at the origin.</source>
            <translation>漏斗形曲面上布满蛋托状的局部极小值，漏斗底部是一个尖点：局部梯度指向最近的小凹坑，只有动量或大步长才能到达原点处的尖点。</translation>
        </message>
        <message>
            <source>Easom</source>
            <translation>Easom 函数</translation>
        </message>
        <message>
            <source>A flat plateau with one narrow hole at (π, π): from the plateau the gradient is almost zero, so only methods that rescale tiny gradients (Adam, RMSprop) get going.</source>
            <translation>一片平坦的高原，在 (π, π) 处有一个狭窄的深洞：高原上的梯度几乎为零，所以只有会放大微小梯度的方法（Adam、RMSprop）能动起来。</translation>
        </message>
        <message>
            <source>Saddle</source>
            <translation>鞍面</translation>
        </message>
        <message>
            <source>A saddle point, unbounded below: started almost on the ridge, optimizers slow down near the origin before escaping along y, and Newton's method is attracted to the saddle.</source>
            <translation>一个鞍点，函数无下界：从几乎在山脊上的位置出发，优化器在原点附近会减速，然后沿 y 方向逃离；牛顿法则会被鞍点吸引。</translation>
        </message>
        <message>
            <source>Monkey saddle</source>
            <translation>猴鞍面</translation>
        </message>
        <message>
            <source>A degenerate saddle with three downhill valleys, unbounded below: gradient and Hessian vanish at the origin, so optimizers started on the ridge crawl towards it and only momentum or normalised steps carry them past.</source>
            <translation>有三条下坡山谷的退化鞍点，函数无下界：梯度和 Hessian 矩阵在原点处都为零，所以从山脊上出发的优化器会缓慢爬向原点，只有动量或归一化的步长才能带它们越过。</translation>
        </message>
        <message>
            <source>Ravine: SGD vs Momentum vs AdaGrad vs Adam</source>
            <translation>峡谷：SGD、动量法、AdaGrad、Adam 对比</translation>
        </message>
        <message>
            <source>The classic figure of Saitoh's 'Deep Learning from Scratch' (ch. 6): f = x²/20 + y² from (-7, 2), 30 steps. The ravine is 20 times steeper across than along, so SGD zig-zags across it; Momentum rolls along it and overshoots; AdaGrad's per-coordinate steps shrink the steep direction first; Adam combines both.</source>
            <translation>斋藤康毅《深度学习入门》（第 6 章）中的经典图示：f = x²/20 + y²，从 (-7, 2) 出发，共 30 步。峡谷的横向比纵向陡 20 倍，所以 SGD 在峡谷两壁间之字形震荡；动量法沿峡谷滚动并冲过头；AdaGrad 的逐坐标步长会先缩小陡峭方向的步长；Adam 兼具二者之长。</translation>
        </message>
        <message>
            <source>The ravine f = x²/20 + y² is 20 times as curved across (y) as along (x). SGD (lr 0.95), Momentum (lr 0.1), AdaGrad (lr 1.5) and Adam (lr 0.3) start at (−7, 2) and take 30 steps, as in Saitoh's figure.</source>
            <translation>峡谷 f = x²/20 + y² 横向（y）的曲率是纵向（x）的 20 倍。SGD（lr 0.95）、动量法（lr 0.1）、AdaGrad（lr 1.5）和 Adam（lr 0.3）从 (−7, 2) 出发，走 30 步，与斋藤康毅书中的图相同。</translation>
        </message>
        <message>
            <source>SGD zig-zags from wall to wall while it creeps along the floor; Momentum rolls along the ravine and overshoots; AdaGrad's steps across the ravine shrink first, so it slides along the floor; Adam combines both.</source>
            <translation>SGD 在两侧谷壁之间来回折返，沿谷底缓慢前进；动量法沿峡谷滚动并冲过头；AdaGrad 横跨峡谷方向的步长先缩小，于是沿谷底滑行；Adam 兼具两者。</translation>
        </message>
        <message>
            <source>One learning rate must fit both directions: large enough to move along the flat floor is nearly too large for the steep walls. Momentum accumulates the steady pull along the floor; AdaGrad and Adam divide each coordinate by its own gradient size, so the steep direction gets small steps.</source>
            <translation>一个学习率要同时适应两个方向：大到足以沿平坦谷底前进，对陡峭的谷壁来说就几乎太大了。动量法累积沿谷底方向稳定的拉力；AdaGrad 和 Adam 用每个坐标自身的梯度大小去除，所以陡峭方向得到小步长。</translation>
        </message>
        <message>
            <source>Rosenbrock valley</source>
            <translation>Rosenbrock 山谷</translation>
        </message>
        <message>
            <source>The banana valley is easy to find and hard to follow: plain gradient descent crawls along the flat floor, momentum and adaptive methods move faster, Newton's method uses the curvature.</source>
            <translation>香蕉形山谷容易找到却难以沿着走：普通梯度下降在平坦的谷底缓慢爬行，动量法和自适应方法移动得更快，牛顿法则利用曲率信息。</translation>
        </message>
        <message>
            <source>Rosenbrock's function (1 − x)² + 100 (y − x²)²: a curved, flat-bottomed valley with its minimum at (1, 1). SGD and Momentum (lr 0.001), Adam (lr 0.05), RMSprop (lr 0.01) and Newton's method start at (−1.5, 2).</source>
            <translation>Rosenbrock 函数 (1 − x)² + 100 (y − x²)²：一条弯曲、谷底平坦的山谷，最小值在 (1, 1)。SGD 和动量法（lr 0.001）、Adam（lr 0.05）、RMSprop（lr 0.01）以及牛顿法从 (−1.5, 2) 出发。</translation>
        </message>
        <message>
            <source>Everyone reaches the valley floor within a few steps. Along the floor SGD crawls, Momentum and the adaptive methods move faster, and Newton arrives at (1, 1) in a handful of steps.</source>
            <translation>所有选手几步之内都到达谷底。沿着谷底，SGD 缓慢爬行，动量法和自适应方法更快，牛顿法只需几步就到达 (1, 1)。</translation>
        </message>
        <message>
            <source>The walls are about a thousand times steeper than the floor, so the learning rate that keeps the walls stable makes tiny steps along the floor. Newton's method divides by the curvature in every direction, which is exactly the rescaling the valley needs.</source>
            <translation>谷壁比谷底陡约一千倍，所以能让谷壁方向保持稳定的学习率，沿谷底只能迈出极小的步子。牛顿法在每个方向上都除以曲率，这正是这条山谷所需要的缩放。</translation>
        </message>
        <message>
            <source>Saddle escape</source>
            <translation>逃离鞍点</translation>
        </message>
        <message>
            <source>f = x² − y² starting almost on the ridge: the gradient along y is tiny, so SGD lingers near the saddle point, momentum escapes faster, and adaptive methods rescale the tiny gradient and leave at once. Newton's method walks straight into the saddle.</source>
            <translation>f = x² − y²，从几乎在山脊上的位置出发：沿 y 方向的梯度极小，所以 SGD 会在鞍点附近徘徊，动量法逃离得更快，自适应方法会放大这个微小梯度而立即离开。牛顿法则径直走进鞍点。</translation>
        </message>
        <message>
            <source>The saddle f = x² − y²: downhill along y, uphill along x, flat at the saddle point (0, 0). Every racer starts at (−1.8, 0.02), almost on the ridge y = 0, where the gradient along y is tiny.</source>
            <translation>鞍面 f = x² − y²：沿 y 方向下坡，沿 x 方向上坡，在鞍点 (0, 0) 处平坦。所有选手都从 (−1.8, 0.02) 出发，几乎在脊线 y = 0 上，那里沿 y 方向的梯度非常小。</translation>
        </message>
        <message>
            <source>SGD slides toward the saddle and lingers there before it leaves along y; Momentum leaves sooner; Adam and RMSprop turn away at once. Newton's method jumps onto the saddle point in one step and stays: the leaderboard says “at a saddle point”, not converged.</source>
            <translation>SGD 滑向鞍点并在附近徘徊，之后才沿 y 方向离开；动量法离开得更早；Adam 和 RMSprop 立即转向离开。牛顿法一步就跳到鞍点上并停在那里：排行榜显示“位于鞍点”，而不是收敛。</translation>
        </message>
        <message>
            <source>Near the ridge the gradient along y is proportional to y, so plain gradient descent grows y only slowly. Adaptive methods divide by the gradient's size and make the tiny y-gradient a full step. Newton's method looks for a point where the gradient vanishes, and a saddle is such a point.</source>
            <translation>在脊线附近，沿 y 方向的梯度与 y 成正比，所以普通梯度下降只能让 y 缓慢增长。自适应方法除以梯度的大小，把微小的 y 梯度变成完整的一步。牛顿法寻找梯度为零的点，而鞍点正是这样的点。</translation>
        </message>
        <message>
            <source>Himmelblau's four basins</source>
            <translation>Himmelblau 的四个盆地</translation>
        </message>
        <message>
            <source>Four global minima of equal depth around a central hill-top at (−0.271, −0.923). Four Adam racers start half a unit from the hill-top, one per diagonal, and land in four different basins: where you start decides which of the equally good answers you get. SGD and Momentum from the common start show that the optimizer's dynamics choose too: they end in different basins.</source>
            <translation>四个同样深的全局最小值，围绕位于 (−0.271, −0.923) 的中央山顶。四名 Adam 选手从离山顶半个单位处出发，每条对角线方向一名，结果落入四个不同的盆地：起点决定了你得到哪一个同样好的答案。从公共起点出发的 SGD 和动量法说明，优化器的动力学也会做出选择：它们最终落入了不同的盆地。</translation>
        </message>
        <message>
            <source>Himmelblau's function has four global minima of equal depth around a hill-top at (−0.271, −0.923). Four Adam racers (lr 0.1) start half a unit from the hill-top, one per diagonal; SGD and Momentum (lr 0.01) start from the common start (0.05, −0.65).</source>
            <translation>Himmelblau 函数在山顶 (−0.271, −0.923) 周围有四个深度相同的全局最小值。四名 Adam 选手（lr 0.1）从距山顶半个单位处出发，每条对角线一名；SGD 和动量法（lr 0.01）从公共起点 (0.05, −0.65) 出发。</translation>
        </message>
        <message>
            <source>The four Adam racers roll into four different basins. SGD and Momentum, from the same point, end in different basins too.</source>
            <translation>四名 Adam 选手滚入四个不同的盆地。SGD 和动量法从同一点出发，也停在不同的盆地里。</translation>
        </message>
        <message>
            <source>Gradient descent only goes downhill from where it is: on a surface with several equally good minima the start decides which one is found. The dynamics matter as well: Momentum carries its speed over a ridge that SGD does not cross.</source>
            <translation>梯度下降只会从当前位置往下走：在有多个同样好的最小值的曲面上，起点决定找到哪一个。动力学同样重要：动量法带着速度越过 SGD 越不过的山脊。</translation>
        </message>
        <message>
            <source>Rastrigin's local minima</source>
            <translation>Rastrigin 的局部极小值</translation>
        </message>
        <message>
            <source>A bowl covered in regular ripples: small steps get trapped in the nearest local minimum; large or noisy steps hop between ripples toward the centre.</source>
            <translation>布满规则波纹的碗：小步长会困在最近的局部极小值里；大步长或带噪声的步长会在波纹之间跳跃，逐渐靠近中心。</translation>
        </message>
        <message>
            <source>Rastrigin's function: a bowl with its minimum at (0, 0), covered in regular ripples, each one a local minimum. SGD and Momentum with small steps (lr 0.002), Adam (lr 0.3), SGD with lr 0.01 and Rprop start at (3.3, −4.3).</source>
            <translation>Rastrigin 函数：一个最小值在 (0, 0) 的碗，表面布满规则的波纹，每个波纹都是一个局部极小值。小步长的 SGD 和动量法（lr 0.002）、Adam（lr 0.3）、lr 0.01 的 SGD 以及 Rprop 从 (3.3, −4.3) 出发。</translation>
        </message>
        <message>
            <source>SGD with lr 0.002 stops in the nearest ripple within about 20 steps: “converged (local)”, at f ≈ 24.9, far above the global minimum 0. Larger steps do not help here: Adam and Rprop circle in the same ripple, and SGD with lr 0.01 is thrown into a higher one.</source>
            <translation>lr 0.002 的 SGD 大约 20 步内就停在最近的波纹里：“收敛（局部极小值）”，f ≈ 24.9，远高于全局最小值 0。更大的步长在这里也无济于事：Adam 和 Rprop 在同一个波纹里打转，lr 0.01 的 SGD 则被甩进一个更高的波纹。</translation>
        </message>
        <message>
            <source>Every ripple is a local minimum with zero gradient at its bottom, and the gradient only sees the ripple the racer is in. A step long enough to jump between ripples is too long to settle anywhere: gradient methods find a local minimum, not the global one.</source>
            <translation>每个波纹都是底部梯度为零的局部极小值，而梯度只能看到选手所在的那个波纹。长到足以在波纹之间跳跃的步子，也长到无法在任何地方停下：梯度方法找到的是局部极小值，而不是全局最小值。</translation>
        </message>
        <message>
            <source>Momentum overshoot: a narrow global basin next to a wide local one</source>
            <translation>动量冲过头：窄的全局盆地旁边是宽的局部盆地</translation>
        </message>
        <message>
            <source>A slope leads through a narrow, deep basin (global minimum f ≈ −1.4715 at (−0.9955, 0), curvature ≈ 200 across it) into a wide, shallow one (local minimum f = −1 at (3, 0), curvature ≤ 1.33). Small steps follow the slope and drop into the narrow basin: SGD (lr 0.008) and Adam with lr 0.05. Momentum builds up speed on the slope and Adam with lr 1 takes steps of about 1, wider than the 0.5-wide basin; both skip it and settle in the wide local minimum. Large or fast steps favour wide basins, which can mean missing the global minimum.</source>
            <translation>一段斜坡先经过一个窄而深的盆地（全局最小值 f ≈ −1.4715，位于 (−0.9955, 0)，横向曲率约 200），再通向一个宽而浅的盆地（局部极小值 f = −1，位于 (3, 0)，曲率 ≤ 1.33）。小步长会顺着斜坡落入窄盆地：SGD（lr 0.008）和 lr 为 0.05 的 Adam。动量法在斜坡上积累了速度，lr 为 1 的 Adam 每步约走 1，比 0.5 宽的盆地还宽；二者都会跳过它，停在宽的局部极小值中。大步长或高速度偏爱宽盆地，这可能意味着错过全局最小值。</translation>
        </message>
        <message>
            <source>A slope leads through a narrow, deep basin — the global minimum, f ≈ −1.4715 at (−0.9955, 0), with curvature about 200 across it — into a wide, shallow one, the local minimum f = −1 at (3, 0), with curvature at most 1.33. SGD with lr 0.008, Momentum with lr 0.05, and Adam with lr 1 and lr 0.05 start at (−4.5, 1).</source>
            <translation>一段斜坡先经过一个窄而深的盆地——全局最小值 f ≈ −1.4715，位于 (−0.9955, 0)，横向曲率约 200——再通向一个宽而浅的盆地，即位于 (3, 0) 的局部极小值 f = −1，曲率不超过 1.33。lr 为 0.008 的 SGD、lr 为 0.05 的动量法，以及 lr 分别为 1 和 0.05 的 Adam 从 (−4.5, 1) 出发。</translation>
        </message>
        <message>
            <source>SGD and the small-step Adam drop into the narrow basin and stay. Momentum and the large-step Adam cross it and settle in the wide basin, at the higher loss.</source>
            <translation>SGD 和小步长的 Adam 落入窄盆地并停在那里。动量法和大步长的 Adam 越过了它，停在宽盆地中，损失更高。</translation>
        </message>
        <message>
            <source>The narrow basin is only about 0.5 wide. Momentum arrives with the speed it gathered on the slope and is through the basin before the reversed gradient can stop it. Adam's steps are about lr long whatever the gradient, so with lr 1 it steps over. Small steps follow the slope down into the hole. Large or fast steps favour wide basins, which can mean missing the global minimum.</source>
            <translation>窄盆地只有约 0.5 宽。动量法带着在斜坡上积累的速度到达，在反向梯度能让它停下之前就已穿过盆地。无论梯度多大，Adam 每步的长度都约为 lr，所以 lr 为 1 时它会一步跨过去。小步长则顺着斜坡落入坑中。大步长或高速度偏爱宽盆地，这可能意味着错过全局最小值。</translation>
        </message>
        <message>
            <source>Ravine zig-zag: SGD crosses the valley at every step</source>
            <translation>峡谷之字形：SGD 每一步都横穿山谷</translation>
        </message>
        <message>
            <source>f = x²/20 + y² from (−7, 2), 50 steps. Across the ravine the curvature is 2, along it 1/10. SGD with lr 0.9 multiplies y by 1 − 2·0.9 = −0.8 at every step, so it jumps from one wall to the other while it creeps along the floor. Momentum (lr 0.05, β 0.9) gets an effective step lr/(1 − β) = 0.5 along the floor, where the gradient keeps its sign, while across it the alternating gradients cancel in the velocity: y swings slowly instead of flipping. AdaGrad (lr 1.5) and Adam (lr 0.2) scale each coordinate by its own gradient size, so the steep direction gets small steps. None of them changes the sign of y at every step.</source>
            <translation>f = x²/20 + y²，从 (−7, 2) 出发，共 50 步。横穿峡谷方向的曲率为 2，沿峡谷方向为 1/10。lr 为 0.9 的 SGD 每一步都把 y 乘以 1 − 2·0.9 = −0.8，所以它在两壁之间来回跳跃，沿谷底却只是缓慢爬行。动量法（lr 0.05，β 0.9）沿谷底方向梯度符号不变，有效步长为 lr/(1 − β) = 0.5；而横向上交替的梯度在速度中相互抵消：y 缓慢摆动，而不是来回翻转。AdaGrad（lr 1.5）和 Adam（lr 0.2）按各坐标自身的梯度大小缩放，所以陡峭方向的步长较小。它们都不会每一步都改变 y 的符号。</translation>
        </message>
        <message>
            <source>The ravine f = x²/20 + y² is 20 times as curved across (y) as along (x). SGD with lr 0.9, Momentum with lr 0.05, AdaGrad with lr 1.5 and Adam with lr 0.2 start at (−7, 2) and take 50 steps.</source>
            <translation>峡谷 f = x²/20 + y² 横向（y）的曲率是纵向（x）的 20 倍。lr 为 0.9 的 SGD、lr 为 0.05 的动量法、lr 为 1.5 的 AdaGrad 和 lr 为 0.2 的 Adam 从 (−7, 2) 出发，各走 50 步。</translation>
        </message>
        <message>
            <source>SGD jumps from one wall of the ravine to the other at every step: the sign of y flips 50 times in 50 steps. Momentum swings slowly, AdaGrad slides straight down, Adam changes side only a few times.</source>
            <translation>SGD 每一步都从峡谷一侧的壁跳到另一侧：50 步中 y 的符号翻转了 50 次。动量法缓慢摆动，AdaGrad 径直滑下，Adam 只换了几次边。</translation>
        </message>
        <message>
            <source>A learning rate large enough to make progress along the flat direction is almost too large for the steep one: SGD multiplies y by 1 − 2·0.9 = −0.8 at every step. Momentum adds up the steady x-gradient to a step of lr/(1 − β) = 0.5, while the alternating y-gradients cancel in its velocity. AdaGrad and Adam divide each coordinate by its own gradient size, so the steep direction gets small steps.</source>
            <translation>一个大到足以在平坦方向上取得进展的学习率，对陡峭方向来说几乎太大了：SGD 每一步都把 y 乘以 1 − 2·0.9 = −0.8。动量法把稳定的 x 方向梯度累加成 lr/(1 − β) = 0.5 的步长，而交替的 y 方向梯度在速度中相互抵消。AdaGrad 和 Adam 把每个坐标除以其自身的梯度大小，所以陡峭方向的步长较小。</translation>
        </message>
        <message>
            <source>Adam's non-convergence</source>
            <translation>Adam 的不收敛</translation>
        </message>
        <message>
            <source>Reddi, Kale &amp; Kumar, “On the Convergence of Adam and Beyond”, ICLR 2018</source>
            <translation>Reddi, Kale &amp; Kumar，“On the Convergence of Adam and Beyond”，ICLR 2018</translation>
        </message>
        <message>
            <source>An online problem on the interval [−1, 1]: at round t the loss is 1010·x when t mod 101 = 1 and −10·x otherwise. The slopes sum to +10 over every 101 rounds, so the best point is x = −1 and x = +1 is the worst. Adam and AMSGrad run with β1 = 0.9, β2 = 0.99 and step size 0.5/√t from x₁ = 0, and each step is clipped back into [−1, 1].</source>
            <translation>区间 [−1, 1] 上的一个在线学习问题：第 t 轮时，若 t mod 101 = 1，损失为 1010·x，否则为 −10·x。每 101 轮的斜率之和为 +10，所以最优点是 x = −1，最差点是 x = +1。Adam 和 AMSGrad 使用 β1 = 0.9、β2 = 0.99、步长 0.5/√t，从 x₁ = 0 出发，每一步都被裁剪回 [−1, 1]。</translation>
        </message>
        <message>
            <source>Both optimizers reach the optimum −1 within five rounds. AMSGrad stays there and its average regret R_t/t keeps falling, like 1/√t. Adam walks away to +1, the worst point, and its average regret levels off near 0.2, the cost of staying at +1. With β2 = 0.999 Adam does not reach +1 within 10⁵ rounds, so the paper's β2 = 0.99 matters. In the stochastic variant Adam again goes to +1; AMSGrad drifts to −1 only over millions of rounds, because the mean slope (+0.2) is tiny next to the noise.</source>
            <translation>两个优化器都在五轮之内到达最优点 −1。AMSGrad 停留在那里，其平均遗憾 R_t/t 按 1/√t 持续下降。Adam 则离开最优点，走向最差点 +1，其平均遗憾稳定在 0.2 附近，这正是停留在 +1 的代价。若 β2 = 0.999，Adam 在 10⁵ 轮内到不了 +1，所以论文中的 β2 = 0.99 很关键。在随机版本中 Adam 同样走向 +1；AMSGrad 则要经过数百万轮才会漂移到 −1，因为平均斜率（+0.2）与噪声相比非常小。</translation>
        </message>
        <message>
            <source>Only the rare gradient +1010 pushes towards −1, but it outweighs the hundred gradients −10 that push towards +1 (1010 &gt; 100·10). Adam divides each step by √v, a running average of squared gradients: v is large just after the +1010 and, with β2 = 0.99, decays again during the next hundred rounds, so the small steps towards +1 are divided by less than the big step was, and their sum wins. AMSGrad divides by the largest v seen so far, an almost constant denominator, so its steps keep the proportions of the gradients and the net push is towards −1.</source>
            <translation>只有偶尔出现的梯度 +1010 把点推向 −1，但它的作用超过了一百个把点推向 +1 的梯度 −10（1010 &gt; 100·10）。Adam 把每一步除以 √v，v 是梯度平方的滑动平均：刚遇到 +1010 时 v 很大，而在 β2 = 0.99 下，v 在随后的一百轮中又会衰减，所以朝向 +1 的小步被除以的数比那次大步小，它们的总和最终占上风。AMSGrad 除以迄今最大的 v，分母几乎不变，因此各步保持了梯度之间的比例，净推力朝向 −1。</translation>
        </message>
        <message>
            <source>Each optimizer takes the demo's β1/β2 unless its spec sets them; lr=... in a spec is that optimizer's α (its learning rate at round t is lr/√t).</source>
            <translation>除非优化器规格中另有设置，每个优化器都使用本演示的 β1/β2；规格中的 lr=... 即该优化器的 α（第 t 轮的学习率为 lr/√t）。</translation>
        </message>
        <message>
            <source>number of online rounds T</source>
            <translation>在线学习的轮数 T</translation>
        </message>
        <message>
            <source>step-size scale α: the learning rate at round t is α/√t (an optimizer spec's lr=... sets its own α)</source>
            <translation>步长尺度 α：第 t 轮的学习率为 α/√t（优化器规格中的 lr=... 可单独设置其 α）</translation>
        </message>
        <message>
            <source>β1 of every optimizer that has one (unless its spec sets it)</source>
            <translation>所有带 β1 的优化器所用的 β1（除非规格中另有设置）</translation>
        </message>
        <message>
            <source>β2 of every optimizer that has one (unless its spec sets it)</source>
            <translation>所有带 β2 的优化器所用的 β2（除非规格中另有设置）</translation>
        </message>
        <message>
            <source>first iterate x₁</source>
            <translation>初始迭代点 x₁</translation>
        </message>
        <message>
            <source>stochastic variant: f_t = 1010·x with probability 0.01, else −10·x</source>
            <translation>随机版本：以 0.01 的概率 f_t = 1010·x，否则为 −10·x</translation>
        </message>
        <message>
            <source>seed of the stochastic variant</source>
            <translation>随机版本的随机种子</translation>
        </message>
        <message>
            <source>Adaptive methods generalize worse</source>
            <translation>自适应方法泛化更差</translation>
        </message>
        <message>
            <source>Wilson, Roelofs, Stern, Srebro &amp; Recht, “The Marginal Value of Adaptive Gradient Methods in Machine Learning”, NeurIPS 2017</source>
            <translation>Wilson, Roelofs, Stern, Srebro &amp; Recht，“The Marginal Value of Adaptive Gradient Methods in Machine Learning”，NeurIPS 2017</translation>
        </message>
        <message>
            <source>A linearly separable least-squares problem built by the paper: each example has its label as feature 1, two features that are always 1, and a few features of its own (one for a positive example, five for a negative one). Test examples get new own features. Labels are +1 with probability p = 0.6. Every optimizer runs full-batch from w = 0 with a step size that fits the training set.</source>
            <translation>论文构造的一个线性可分的最小二乘问题：每个样本的第 1 个特征就是它的标签，另有两个恒为 1 的特征，以及若干只属于该样本的特征（正例 1 个，负例 5 个）。测试样本拥有新的专属特征。标签以概率 p = 0.6 为 +1。每个优化器都从 w = 0 出发做全批量训练，步长调到能拟合训练集。</translation>
        </message>
        <message>
            <source>All methods reach zero training error. Gradient descent and heavy-ball momentum also reach zero test error. AdaGrad, RMSprop and Adam predict +1 for every test point, so their test error equals the fraction of negative test labels (about 1 − p). The bars show why: they give the three shared features equal weights.</source>
            <translation>所有方法的训练误差都降到零。梯度下降和重球动量法的测试误差也降到零。AdaGrad、RMSprop 和 Adam 对每个测试点都预测 +1，所以它们的测试误差等于测试集中负标签的比例（约 1 − p）。柱状图说明了原因：它们给三个共享特征分配了相同的权重。</translation>
        </message>
        <message>
            <source>Gradient descent from zero converges to the minimum-norm solution, which leans on feature 1, the label itself. Adaptive methods rescale every coordinate by its own gradient size, so their first steps move all features by about the same amount. With w1 = w2 = w3 a test point scores w1·y + w2 + w3 &gt; 0 whatever its label. The training set is fitted through the examples' own features, which are of no use on new data.</source>
            <translation>从零出发的梯度下降收敛到最小范数解，它依赖第 1 个特征，也就是标签本身。自适应方法按各坐标自身的梯度大小缩放，所以最初几步中所有特征移动的距离大致相同。当 w1 = w2 = w3 时，无论标签是什么，测试点的得分 w1·y + w2 + w3 都大于 0。训练集是靠样本的专属特征拟合的，而这些特征对新数据毫无用处。</translation>
        </message>
        <message>
            <source>Each optimizer uses the demo's tuned learning rate (sgd 0.5, momentum 0.05, adagrad 0.1, rmsprop 0.001, adam 0.01) unless its spec sets lr=...; others use their registry default.</source>
            <translation>除非规格中设置了 lr=...，每个优化器都使用本演示调好的学习率（sgd 0.5、momentum 0.05、adagrad 0.1、rmsprop 0.001、adam 0.01）；其他优化器使用注册表中的默认值。</translation>
        </message>
        <message>
            <source>number of training examples</source>
            <translation>训练样本数</translation>
        </message>
        <message>
            <source>probability of the label +1 (must exceed 1/2)</source>
            <translation>标签为 +1 的概率（必须大于 1/2）</translation>
        </message>
        <message>
            <source>number of test examples</source>
            <translation>测试样本数</translation>
        </message>
        <message>
            <source>full-batch steps</source>
            <translation>全批量训练的步数</translation>
        </message>
        <message>
            <source>seed of the labels</source>
            <translation>标签的随机种子</translation>
        </message>
        <message>
            <source>SWATS: switching from Adam to SGD</source>
            <translation>SWATS：从 Adam 切换到 SGD</translation>
        </message>
        <message>
            <source>Keskar &amp; Socher, “Improving Generalization Performance by Switching from Adam to SGD”, arXiv:1712.07628, 2017</source>
            <translation>Keskar &amp; Socher，“Improving Generalization Performance by Switching from Adam to SGD”，arXiv:1712.07628，2017</translation>
        </message>
        <message>
            <source>The MNIST panel's network (784-100-10, ReLU) trains with SWATS, Adam and SGD from identical weights on identical mini-batches; the test set is evaluated once per epoch. SWATS starts as Adam and, once its estimate of an equivalent SGD learning rate has settled, continues as SGD with momentum at that rate.</source>
            <translation>用 MNIST 面板中的网络（784-100-10，ReLU），以 SWATS、Adam 和 SGD 从相同的初始权重、在相同的小批量上训练；每轮（epoch）在测试集上评估一次。SWATS 起初就是 Adam，一旦它对等效 SGD 学习率的估计稳定下来，就以该学习率继续进行带动量的 SGD。</translation>
        </message>
        <message>
            <source>The dashed lines mark the steps where SWATS switched (one per weight tensor, as in pytorch-optimizer's SWATS); the table lists the SGD learning rate it estimated. Before the switch SWATS follows Adam; after it, it moves like SGD.</source>
            <translation>虚线标出 SWATS 发生切换的步（与 pytorch-optimizer 的 SWATS 一样，每个权重张量各切换一次）；表格列出它估计出的 SGD 学习率。切换之前 SWATS 跟随 Adam；切换之后，它像 SGD 一样运动。</translation>
        </message>
        <message>
            <source>After each Adam step p SWATS solves for the SGD rate γ that would give the same step along the gradient g, γ = pᵀp / (−pᵀg), and averages it. When the average stops changing, Adam's effective rate has settled and SGD can take over; the paper finds that this keeps Adam's fast start and SGD's better generalization on image models. Here the estimated rates (about 0.02–0.05) are well below plain SGD's 0.1, so after the switch SWATS moves like a slow SGD: its training loss falls more slowly than both Adam's and SGD's. The switch is only as good as the rate it learns.</source>
            <translation>每走一步 Adam 更新 p 之后，SWATS 求出能在梯度 g 方向上给出相同步长的 SGD 学习率 γ = pᵀp / (−pᵀg)，并对其取平均。当平均值不再变化时，说明 Adam 的有效学习率已经稳定，可以由 SGD 接手；论文发现，这样在图像模型上既保留了 Adam 的快速起步，又具有 SGD 更好的泛化能力。这里估计出的学习率（约 0.02–0.05）远低于普通 SGD 的 0.1，所以切换之后 SWATS 像一个慢速的 SGD：它的训练损失下降得比 Adam 和 SGD 都慢。切换的效果取决于它学到的学习率。</translation>
        </message>
        <message>
            <source>SWATS uses β2 = 0.99 and eps = 1e-2 here (eps is also the tolerance of the switch test): with pytorch-optimizer's defaults (0.999, 1e-6) this network does not switch within 40 epochs.</source>
            <translation>这里 SWATS 使用 β2 = 0.99 和 eps = 1e-2（eps 也是切换判据的容差）：若使用 pytorch-optimizer 的默认值（0.999、1e-6），该网络在 40 轮内都不会切换。</translation>
        </message>
        <message>
            <source>passes over the training set</source>
            <translation>遍历训练集的次数（epoch 数）</translation>
        </message>
        <message>
            <source>MNIST folder (empty: the app's downloaded MNIST, else the bundled 5k sample)</source>
            <translation>MNIST 文件夹（留空：使用程序已下载的 MNIST，否则使用内置的 5k 样本）</translation>
        </message>
        <message>
            <source>mini-batch size</source>
            <translation>小批量大小</translation>
        </message>
        <message>
            <source>seed of the initial weights and the batch order</source>
            <translation>初始权重和批次顺序的随机种子</translation>
        </message>
        <message>
            <source>Momentum overshoots a narrow global minimum</source>
            <translation>动量冲过窄的全局最小值</translation>
        </message>
        <message>
            <source>Race preset: the “momentum can miss the global optimum” argument</source>
            <translation>竞速预设：“动量可能错过全局最优”的论点</translation>
        </message>
        <message>
            <source>number of race steps</source>
            <translation>竞速步数</translation>
        </message>
        <message>
            <source>SGD zig-zags across a ravine</source>
            <translation>SGD 在峡谷中之字形震荡</translation>
        </message>
        <message>
            <source>Race preset after Saitoh, “Deep Learning from Scratch”, ch. 6</source>
            <translation>竞速预设，取自斋藤康毅《深度学习入门》第 6 章</translation>
        </message>
        <message>
            <source>the same learning rate at every step</source>
            <translation>每一步都使用相同的学习率</translation>
        </message>
        <message>
            <source>multiply the learning rate by gamma every step_size steps</source>
            <translation>每隔 step_size 步把学习率乘以 gamma</translation>
        </message>
        <message>
            <source>steps between two decays</source>
            <translation>两次衰减之间的步数</translation>
        </message>
        <message>
            <source>multiplicative decay factor</source>
            <translation>衰减乘数</translation>
        </message>
        <message>
            <source>cosine annealing from lr down to eta_min over t_max steps</source>
            <translation>在 t_max 步内从 lr 余弦退火到 eta_min</translation>
        </message>
        <message>
            <source>steps of one half cosine period</source>
            <translation>半个余弦周期的步数</translation>
        </message>
        <message>
            <source>final learning rate</source>
            <translation>最终学习率</translation>
        </message>
        <message>
            <source>ramp the learning rate linearly from start_factor * lr up to lr</source>
            <translation>把学习率从 start_factor * lr 线性升到 lr</translation>
        </message>
        <message>
            <source>steps of linear warm-up</source>
            <translation>线性预热的步数</translation>
        </message>
        <message>
            <source>fraction of lr at the first step</source>
            <translation>第一步时学习率占 lr 的比例</translation>
        </message>
        <message>
            <source> if nesterov else </source>
            <translation> 若 nesterov 为真，否则 </translation>
        </message>
        <message>
            <source>(centered)</source>
            <translation>(centered 时)</translation>
        </message>
        <message>
            <source>or</source>
            <translation>或</translation>
        </message>
        <message>
            <source>(amsgrad)</source>
            <translation>(amsgrad 时)</translation>
        </message>
        <message>
            <source>else</source>
            <translation>否则</translation>
        </message>
        <message>
            <source>otherwise</source>
            <translation>其他情况</translation>
        </message>
        <message>
            <source> after a sign flip</source>
            <translation>，在符号翻转之后</translation>
        </message>
        <message>
            <source> if </source>
            <translation> 若 </translation>
        </message>
        <message>
            <source>final_lr</source>
            <translation>final_lr</translation>
        </message>
        <message>
            <source>switch when </source>
            <translation>切换条件：</translation>
        </message>
        <message>
            <source>then</source>
            <translation>则</translation>
        </message>
        <message>
            <source>float32</source>
            <translation>float32</translation>
        </message>
        <message>
            <source>no parameter update at </source>
            <translation>此步不更新参数：</translation>
        </message>
        <message>
            <source>(divided by </source>
            <translation>(除以 </translation>
        </message>
        <message>
            <source>Type f(x, y) using the variables x and y, numbers (3, 0.5, 2e-3), the constants pi and e, the operators + - * / and ^ or ** for powers (x^2, 2^-x), parentheses, and the functions sin cos tan exp log sqrt tanh sinh cosh arctan (or atan) abs, each with one argument. log is the natural logarithm; write products explicitly (2*x, not 2x). Example: (1 - x)^2 + 100*(y - x^2)^2</source>
            <translation>输入 f(x, y)，可使用变量 x 和 y、数字（3、0.5、2e-3）、常数 pi 和 e、运算符 + - * /、乘方 ^ 或 **（x^2、2^-x）、括号，以及函数 sin cos tan exp log sqrt tanh sinh cosh arctan（或 atan）abs，每个函数只接受一个参数。log 为自然对数；乘法必须显式写出（写 2*x，不能写 2x）。示例：(1 - x)^2 + 100*(y - x^2)^2</translation>
        </message>
        <message>
            <source>Two-layer net</source>
            <translation>两层网络</translation>
        </message>
        <message>
            <source>Optimizer comparison</source>
            <translation>优化器对比</translation>
        </message>
        <message>
            <source>T-shirt/top</source>
            <translation>T恤/上衣</translation>
        </message>
        <message>
            <source>Trouser</source>
            <translation>裤子</translation>
        </message>
        <message>
            <source>Pullover</source>
            <translation>套头衫</translation>
        </message>
        <message>
            <source>Dress</source>
            <translation>连衣裙</translation>
        </message>
        <message>
            <source>Coat</source>
            <translation>外套</translation>
        </message>
        <message>
            <source>Sandal</source>
            <translation>凉鞋</translation>
        </message>
        <message>
            <source>Shirt</source>
            <translation>衬衫</translation>
        </message>
        <message>
            <source>Sneaker</source>
            <translation>运动鞋</translation>
        </message>
        <message>
            <source>Bag</source>
            <translation>包</translation>
        </message>
        <message>
            <source>Ankle boot</source>
            <translation>短靴</translation>
        </message>
    </context>
</TS>
