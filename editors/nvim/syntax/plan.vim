" Vim syntax file for DAG execution plans (## STAGE ## / ## TASK ##), as read by planlint.
" Mirrors the VS Code grammar: markers, attributes, task ids and references, fields with
" their commands highlighted as shell, comments, @include lines and fenced code blocks.

if exists('b:current_syntax')
  finish
endif

syntax include @planShell syntax/sh.vim
unlet! b:current_syntax

syntax match planComment /^#.*$/ contains=planHeaderCount
syntax match planHeaderCount /\v^#\s*(总阶段数|预计任务数)\s*[:：]\s*\zs\d+/ contained

syntax match planStageLine /\v^%(%uFEFF)?## STAGE ##.*$/ contains=planStageMarker,planAttr
syntax match planStageMarker /\v^%(%uFEFF)?## STAGE ##/ contained
syntax match planTaskLine /\v^## TASK%( ##:?|##:?|:).*$/ contains=planTaskMarker,planAttr
syntax match planTaskMarker /\v^## TASK%( ##:?|##:?|:)/ contained

syntax match planAttr /\v\s\zs[A-Za-z_][A-Za-z0-9_.-]*\="[^"]*"/ contained
      \ contains=planAttrName,planValue,planIdValue,planDependsValue
syntax match planAttrName /\v[A-Za-z_][A-Za-z0-9_.-]*\ze\=/ contained
syntax region planValue matchgroup=planQuote start=/="/ end=/"/ oneline contained
syntax region planIdValue matchgroup=planQuote start=/\v(<id)@2<=\="/ end=/"/ oneline contained
syntax region planDependsValue matchgroup=planQuote start=/\v(<depends_on)@10<=\="/ end=/"/
      \ oneline contained contains=planReference
syntax match planReference /\v[^,[:space:]"]+/ contained

syntax match planField /\v^(文件|排除)\s*[:：]/
syntax match planCommandField /\v^(验证|执行)\s*[:：]/ nextgroup=planCommand skipwhite
syntax region planCommand start=/\S/ end=/$/ oneline keepend contained contains=@planShell

syntax match planInclude /^@\S.*$/

syntax region planFence start=/\v^ {0,3}\z(```|\~\~\~)/ end=/\v^ {0,3}\z1.*$/

highlight default link planComment Comment
highlight default link planHeaderCount Number
highlight default link planStageMarker Statement
highlight default link planTaskMarker Statement
highlight default link planAttrName Type
highlight default link planValue String
highlight default link planQuote String
highlight default link planIdValue Function
highlight default link planReference Identifier
highlight default link planField Keyword
highlight default link planCommandField Keyword
highlight default link planInclude Include
highlight default link planFence String

let b:current_syntax = 'plan'
